/* Compiled as C99 with -pedantic -Werror: proves smart_rules_capi.h is plain C. */
#include "smart_rules_capi.h"

int smart_rules_capi_header_is_c(void);

int
smart_rules_capi_header_is_c(void)
{
	sr_buffer	buffer = {0, 0};

	return (int) buffer.len + (int) SR_OK;
}
