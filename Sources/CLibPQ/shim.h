#ifndef FEEDWATCH_CLIBPQ_SHIM_H
#define FEEDWATCH_CLIBPQ_SHIM_H
#include <libpq-fe.h>
// The diagnostic field codes are character-literal macros Swift cannot import.
static inline int feedwatch_pq_diag_sqlstate(void) { return PG_DIAG_SQLSTATE; }
static inline int feedwatch_pq_diag_message_primary(void) { return PG_DIAG_MESSAGE_PRIMARY; }
// A notice processor that drops notices (libpq prints them on stderr by default).
static inline void feedwatch_pq_ignore_notice(void *arg, const char *message) { (void)arg; (void)message; }
static inline void feedwatch_pq_silence_notices(PGconn *conn) {
    PQsetNoticeProcessor(conn, feedwatch_pq_ignore_notice, 0);
}
#endif
