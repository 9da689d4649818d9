# PGXS build of the extension: the C glue in src/pg/ linked with the core library that
# CMakeLists.txt builds (src/core + src/capi). See ../shared/TOOLCHAIN.md for the why of each flag.
# The control file lives in extension/, so it is installed as DATA into MODULEDIR rather than
# through PGXS's EXTENSION variable (which expects smart_rules.control at the top level).
EXTVERSION = $(shell sed -n "s/^default_version = '\(.*\)'/\1/p" extension/smart_rules.control)
MODULE_big = smart_rules
OBJS = $(patsubst %.c,%.o,$(sort $(wildcard src/pg/*.c)))
MODULEDIR = extension
DATA = extension/smart_rules.control
DATA_built = extension/smart_rules--$(EXTVERSION).sql
EXTRA_CLEAN = build/core .deps

REGRESS = $(sort $(notdir $(basename $(wildcard sql/*.sql))))
# No --load-extension: it cannot put pg_partman in schema partman (the documented install), so
# every test file installs both extensions itself and drops them at its end.
# Isolation tests (specs/, expected/): the same, in each spec's setup and teardown blocks.
ISOLATION = $(sort $(notdir $(basename $(wildcard specs/*.spec))))

CORE_BUILD = build/core
CORE_LIB = $(CORE_BUILD)/libsmart_rules_core.a
PG_CFLAGS = -Wall -Wmissing-prototypes
PG_CPPFLAGS = -I$(srcdir)/src/capi -isystem $(shell $(PG_CONFIG) --includedir-server)
SHLIB_LINK = $(CORE_LIB) $(shell pkg-config --libs yaml-0.1 re2 libutf8proc) -lstdc++

# The core is C++17 that clang's bitcode pass would compile as C++14; JIT inlining of SPI-bound
# functions buys nothing. Must be an override placed before the include.
override with_llvm = no
# Track header dependencies (.deps/*.Po): a changed glue header rebuilds the files that use it.
override autodepend = yes

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# The install script of the current version is joined from extension/sql/*.sql (one file per
# concern, in name order), then the built-in rule sets, rulesets/*.yaml, compiled at install.
INSTALL_PARTS = $(sort $(wildcard extension/sql/*.sql))
BUILTIN_RULE_SETS = $(sort $(wildcard rulesets/*.yaml))
extension/smart_rules--$(EXTVERSION).sql: $(INSTALL_PARTS) $(BUILTIN_RULE_SETS) scripts/builtin-rule-sets-sql
	{ cat $(INSTALL_PARTS) && scripts/builtin-rule-sets-sql $(BUILTIN_RULE_SETS); } > $@

$(shlib): $(CORE_LIB)

.PHONY: core
$(CORE_LIB): core
core:
	cmake -S $(srcdir) -B $(CORE_BUILD) -DCMAKE_BUILD_TYPE=Release -DSMART_RULES_TESTS=OFF >/dev/null
	cmake --build $(CORE_BUILD) --target smart_rules_core -j $(shell nproc)
