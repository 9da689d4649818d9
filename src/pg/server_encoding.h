/*-------------------------------------------------------------------------
 *
 * server_encoding.h
 *	  Text crossing the boundary: the core speaks UTF-8, the database speaks
 *	  its own encoding.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SMART_RULES_SERVER_ENCODING_H
#define SMART_RULES_SERVER_ENCODING_H

extern const char *utf8_from_server(const char *text, size_t len, size_t *utf8_len);
extern char *server_string_from_utf8(const char *data, size_t len);
extern struct varlena *server_text_from_utf8(const char *data, size_t len);

#endif							/* SMART_RULES_SERVER_ENCODING_H */
