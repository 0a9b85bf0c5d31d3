#ifndef FEEDWATCH_CEPOLL_SHIM_H
#define FEEDWATCH_CEPOLL_SHIM_H
/* Linux's epoll, which the Glibc module does not export. Part of the C library: nothing to link. */
#include <sys/epoll.h>
#endif
