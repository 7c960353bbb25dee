/* version.c — the library's version at run time (jixiao.h's JX_VERSION when built). */
#include "base.h"

const char *jx_version(void)
{
    return JX_VERSION;
}
