-- smart_rules install script, built by the Makefile from extension/sql/*.sql in name order
-- (one file per concern). Objects are created in the extension's schema, smart_rules (see
-- smart_rules.control).

\echo Use "CREATE EXTENSION smart_rules" to load this file. \quit

