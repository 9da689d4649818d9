/*-------------------------------------------------------------------------
 *
 * apply_scan.h
 *	  apply_rules in FROM as a streaming custom scan (see apply_scan.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef SMART_RULES_APPLY_SCAN_H
#define SMART_RULES_APPLY_SCAN_H

extern void apply_scan_init(void);

#endif							/* SMART_RULES_APPLY_SCAN_H */
