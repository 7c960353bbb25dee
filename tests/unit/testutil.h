/* testutil.h — cmocka includes in the order cmocka requires, and helpers. */
#ifndef JX_TESTUTIL_H
#define JX_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jixiao.h"

#endif
