/* limits.h - the old name of mrblimits.h, which shadowed the C library's
 * <limits.h>.  Only grammar/listing.re still includes it by this name;
 * delete this file once that include says "mrblimits.h". */
#include "mrblimits.h"
