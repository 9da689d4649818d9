/*-------------------------------------------------------------------------
 *
 * program_cache.h
 *	  A backend-local cache of loaded (verified) programs, so that applying
 *	  the same rule_ir again skips sr_program_from_binary and its verifier.
 *
 * Entries are keyed by the rule_ir bytes themselves (a hash of them, then
 * an exact comparison), so an entry can never be stale: a catalog row whose
 * rule_ir changes yields other bytes, hence another entry, and no catalog
 * invalidation is needed.  A run pins the entry it uses for its whole
 * length; only unpinned entries are evicted (a nested run, such as an
 * enforce_rules trigger fired by apply_rules_in_place, cannot free the
 * program of the run around it).
 *
 * Resolution by name (rule set, optional version -> rule_ir) is cached
 * beside it, keyed by (role, tenant, rule set, version asked).  Those
 * answers do go stale: every statement that changes rule_sets or
 * rule_versions fires catalog_changed(), which sends a relcache
 * invalidation for the table; every backend (this one at the next command,
 * the others when they next accept invalidation messages, at the latest at
 * their next transaction) then drops all its resolutions.  An aborted
 * transaction's own invalidations are replayed locally, so nothing
 * resolved from uncommitted rows survives it.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SMART_RULES_PROGRAM_CACHE_H
#define SMART_RULES_PROGRAM_CACHE_H

#include "smart_rules_capi.h"

/*
 * The program of a rule_ir value, from the cache or loaded into it, pinned
 * until the owner context is reset or deleted (error aborts included).  In
 * the rare case of a hash collision with a program in use, the program is
 * loaded for the owner context alone and freed with it.
 */
extern const sr_program *program_cache_acquire(const struct varlena *rules, MemoryContext owner);

/*
 * The compiled rules of a rule set of the catalog (smart_rules.resolve_rules
 * on a miss), palloc'd in the current context.  version may be NULL.
 */
extern struct varlena *resolve_rules_cached(const char *rule_set, const char *version);

#endif							/* SMART_RULES_PROGRAM_CACHE_H */
