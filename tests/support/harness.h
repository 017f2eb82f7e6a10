/*  harness.h: real components for integration tests.

    Every test gets its own database, cloned from the template that
    tests/pg-fixture.sh prepared in the throwaway cluster, and its own
    rapord on an ephemeral loopback port, so Criterion may run tests in
    parallel. Binaries are the real ones, started with posix_spawn; every
    wait is bounded so a broken server fails a test instead of hanging it.  */
#ifndef RAPOR_HARNESS_H
#define RAPOR_HARNESS_H

#include "codec.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct {
    char host[512];
    char port[16];
    char name[64];
    char conninfo[700];
} test_db_t;

typedef struct {
    pid_t pid;
    char endpoint[256];
    char pub_endpoint[256];
    char endpoint_file[720];
    char log_path[720];
    char conninfo[700];
} test_server_t;

typedef struct {
    int status;             /*  exit status, or -1 killed by signal, -2 timed out  */
    char output[16384];     /*  stdout and stderr together  */
    long elapsed_ms;
} test_run_t;

/*  Clones a fresh database from the template in the shared test cluster.  */
bool harness_db_create (test_db_t *db);

/*  Runs a query and copies the first column of up to `max` rows into
    rows[i] (64 bytes each). Returns the row count, or -1 on error.  */
int harness_db_column (const test_db_t *db, const char *sql, char (*rows)[64], int max);

/*  Runs a statement as the database owner; 0 on success, -1 on error.  */
int harness_db_command (const test_db_t *db, const char *sql);

/*  A private PostgreSQL for tests that stop or pause it: a new cluster in
    the fixture's directory (dir receives its path, at least 700 bytes),
    with a database "rapor" made like the template; fills db.  */
bool harness_cluster_start (test_db_t *db, char *dir);

/*  deploy/pg-tmp COMMAND ("start", "stop", "kill") on that cluster;
    the shell's exit status.  */
int harness_cluster (const char *dir, const char *command);

/*  SIGSTOP or SIGCONT to the cluster's postmaster and all its children.
    True on success.  */
bool harness_cluster_signal (const char *dir, int sig);

/*  The usual start of an integration test: a fresh database and a rapord
    serving it. False if either fails.  */
bool harness_start (test_db_t *db, test_server_t *server);

/*  Runs a query and returns the first column of the first row as a
    number (for counts), or -1 on any error.  */
long harness_db_number (const test_db_t *db, const char *sql);

/*  Starts rapord against `conninfo`; `extra` is a NULL-terminated list of
    further flags (may be NULL). Waits until it has bound its port.  */
bool harness_server_start (test_server_t *server, const char *conninfo, const char *const *extra);

/*  The two halves of harness_server_start: start rapord without waiting,
    then wait up to timeout_ms until it has bound its ports (false if it
    exited meanwhile: server->pid is then 0).  */
bool harness_server_spawn (test_server_t *server, const char *conninfo, const char *const *extra);
bool harness_server_wait_bound (test_server_t *server, long timeout_ms);

/*  Sends `sig` and waits up to 15 s. Returns the exit status, -1 if killed
    by a signal, -2 if it did not stop (it is then SIGKILLed).  */
int harness_server_stop (test_server_t *server, int sig);

/*  True if the server's log contains `text`.  */
bool harness_server_log_has (const test_server_t *server, const char *text);

/*  How many lines of the server's log contain `text`; with `after` not
    NULL, only lines after the first line containing `after` count ("a
    request accepted after the database came back", not one that was in
    the log already).  */
int harness_server_log_count (const test_server_t *server, const char *after, const char *text);

/*  Waits up to timeout_ms until harness_server_log_count reaches `least`:
    for what rapord reports after an event, never a fixed sleep.  */
bool harness_server_log_wait (const test_server_t *server, const char *after, const char *text,
                              int least, long timeout_ms);

/*  Runs a program (argv[0] is a path) to completion, at most 60 s.  */
int harness_run (test_run_t *run, const char *const *argv);

/*  Reads the file at `path` into buf, NUL-terminated and cut at size - 1
    bytes; "" if it cannot be read.  */
void harness_slurp (const char *path, char *buf, size_t size);

/*  Runs a program (argv[0] is a path, argv NULL-ended) to completion, at
    most 60 s, with stdin from /dev/null. Its stdout goes to `out_path`
    (created or truncated), or with NULL into `out`; its stderr goes into
    `err`, or with err NULL wherever stdout goes, in the order written.
    With fsize_limit > 0 every file it writes is capped at that many bytes
    and SIGXFSZ is ignored, so a write past the cap fails as on a full
    disk. Returns harness_wait's status. For the tools whose stdout must
    be judged alone (harness_run joins the two).  */
int harness_exec (const char *const *argv, const char *out_path, long fsize_limit,
                  char *out, size_t out_size, char *err, size_t err_size);

/*  Runs rapor-submit against the server with --server filled in; the
    variadic arguments end with NULL.  */
int harness_submit (test_run_t *run, const test_server_t *server, ...);

/*  Runs rapor-admin against the server; arguments end with NULL.  */
int harness_admin (test_run_t *run, const test_server_t *server, ...);

/*  Starts a program in the background with stdout and stderr going to
    `output_path`; returns its pid or -1.  */
pid_t harness_spawn (const char *const *argv, const char *output_path);

/*  Waits for a spawned program up to timeout_ms: its exit status, -1 if a
    signal ended it, -2 if it is still running (then it is killed).  */
int harness_wait (pid_t pid, long timeout_ms);

/*  A SUB socket on the server's broadcast endpoint, subscribed to all.  */
typedef struct {
    void *ctx;
    void *socket;
} test_sub_t;

bool harness_sub_open (test_sub_t *sub, const char *endpoint);
void harness_sub_close (test_sub_t *sub);

/*  The next broadcast of `kind` within timeout_ms (others are skipped).
    The caller frees b->ranking with ranking_destroy.  */
bool harness_sub_next (test_sub_t *sub, broadcast_kind_t kind, broadcast_t *b, int timeout_ms);

/*  Sends raw bytes as one request over a DEALER socket and decodes the
    reply. Returns false if no reply came within timeout_ms or it did not
    decode.  */
bool harness_raw_request (const char *endpoint, const void *data, size_t size,
                          reply_t *reply, int timeout_ms);

/*  Encodes `request` with the real codec and sends it raw (no local checks).  */
bool harness_request (const char *endpoint, const request_t *request, reply_t *reply);

/*  Fills a submission that passes every rule: DINKES, 2024-Q2, six scores.  */
void harness_valid_submission (submission_t *submission);

/*  The test key set (tests/support/make-keys.sh): the secret certificate
    of CODE's key with ROLE ("opd", "assessor", "inspectorate",
    "dashboard"), the server's public certificate, and the directory.
    Each returns a static buffer.  */
const char *harness_key (const char *code, const char *role);
const char *harness_server_key (void);
const char *harness_keys_dir (void);

/*  The key raw requests (harness_request, harness_raw_request) and
    subscribers use from now on; NULL code: plaintext. Default DINKES/opd.  */
void harness_use_key (const char *code, const char *role);

/*  A long-lived DEALER connection with the current key, for tests that
    need several requests on one connection.  */
typedef struct {
    void *ctx;
    void *socket;
} test_conn_t;

bool harness_conn_open (test_conn_t *conn, const char *endpoint);
bool harness_conn_request (test_conn_t *conn, const request_t *request, reply_t *reply);
void harness_conn_close (test_conn_t *conn);

/*  The contents of the file at `path` (at most 64 KiB; "" if it cannot
    be read), in a static buffer that the next call overwrites.  */
const char *harness_read_file (const char *path);

/*  Path inside the source tree, e.g. "deploy/pg-tmp".  */
const char *harness_source_path (const char *relative);

#endif
