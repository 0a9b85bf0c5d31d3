#ifndef FEEDWATCH_CZLIB_SHIM_H
#define FEEDWATCH_CZLIB_SHIM_H
#include <zlib.h>
#endif
