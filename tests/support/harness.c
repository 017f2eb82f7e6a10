/*  harness.c: see harness.h.  */
#include "harness.h"
#include "clock.h"
#include "keys.h"
#include "component.h"

#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

static void
s_sleep_ms (long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
    nanosleep (&ts, NULL);
}

const char *
harness_source_path (const char *relative)
{
    static char path[1024];
    snprintf (path, sizeof path, "%s/%s", RAPOR_SOURCE_DIR, relative);
    return path;
}

static char s_keys[512];
static char s_key_code[32] = "DINKES", s_key_role[32] = "opd";

/*  Reads PGHOST/PGPORT (and the keys directory) from the fixture's env file.  */
static bool
s_read_env (test_db_t *db)
{
    FILE *file = fopen (RAPOR_TEST_PGENV, "r");
    if (!file) {
        fprintf (stderr, "harness: %s missing; is the pg fixture running?\n", RAPOR_TEST_PGENV);
        return false;
    }
    char line[600];
    while (fgets (line, sizeof line, file)) {
        line[strcspn (line, "\n")] = '\0';
        if (strncmp (line, "PGHOST=", 7) == 0)
            snprintf (db->host, sizeof db->host, "%.500s", line + 7);
        else
        if (strncmp (line, "PGPORT=", 7) == 0)
            snprintf (db->port, sizeof db->port, "%.10s", line + 7);
        else
        if (strncmp (line, "RAPOR_TEST_KEYS=", 16) == 0)
            snprintf (s_keys, sizeof s_keys, "%.500s", line + 16);
    }
    fclose (file);
    return db->host[0] && db->port[0];
}

static PGconn *
s_connect (const char *host, const char *port, const char *dbname)
{
    const char *keys[] = { "host", "port", "dbname", "user", NULL };
    const char *values[] = { host, port, dbname, "postgres", NULL };
    PGconn *conn = PQconnectdbParams (keys, values, 0);
    if (PQstatus (conn) != CONNECTION_OK) {
        fprintf (stderr, "harness: %s\n", PQerrorMessage (conn));
        PQfinish (conn);
        return NULL;
    }
    return conn;
}

const char *
harness_keys_dir (void)
{
    if (!s_keys[0]) {
        test_db_t scratch;
        memset (&scratch, 0, sizeof scratch);
        s_read_env (&scratch);
    }
    return s_keys;
}

const char *
harness_key (const char *code, const char *role)
{
    static char path[700];
    snprintf (path, sizeof path, "%s/%s.%s_secret", harness_keys_dir (), code, role);
    return path;
}

const char *
harness_server_key (void)
{
    static char path[700];
    snprintf (path, sizeof path, "%s/server", harness_keys_dir ());
    return path;
}

void
harness_use_key (const char *code, const char *role)
{
    snprintf (s_key_code, sizeof s_key_code, "%s", code ? code : "");
    snprintf (s_key_role, sizeof s_key_role, "%s", role ? role : "");
}

/*  The CURVE settings for raw requests and subscribers.  */
static bool
s_curve (curve_t *curve)
{
    memset (curve, 0, sizeof *curve);
    if (!s_key_code[0])
        return true;
    char path[700], err[256];
    snprintf (path, sizeof path, "%s", harness_key (s_key_code, s_key_role));
    if (!keys_load (curve, path, harness_server_key (), err, sizeof err)) {
        fprintf (stderr, "harness: %s\n", err);
        return false;
    }
    return true;
}

bool
harness_db_create (test_db_t *db)
{
    memset (db, 0, sizeof *db);
    if (!s_read_env (db))
        return false;
    uint32_t salt = 0;
    if (getrandom (&salt, sizeof salt, 0) < 0)
        salt = (uint32_t) clock_now_ms ();
    snprintf (db->name, sizeof db->name, "t_%d_%08x", (int) getpid (), salt);
    PGconn *conn = s_connect (db->host, db->port, "postgres");
    if (!conn)
        return false;
    /*  DDL cannot take parameters; the name is ours and quoted anyway.  */
    char *ident = PQescapeIdentifier (conn, db->name, strlen (db->name));
    char sql[256];
    snprintf (sql, sizeof sql, "CREATE DATABASE %s TEMPLATE rapor_template", ident);
    PQfreemem (ident);
    bool ok = false;
    /*  Two clones at the same moment can collide on the template; retry.  */
    for (int attempt = 0; attempt < 50 && !ok; attempt++) {
        PGresult *r = PQexec (conn, sql);
        ok = PQresultStatus (r) == PGRES_COMMAND_OK;
        if (!ok && attempt == 49)
            fprintf (stderr, "harness: %s", PQresultErrorMessage (r));
        PQclear (r);
        if (!ok)
            s_sleep_ms (100);
    }
    PQfinish (conn);
    /*  rapord connects as its least-privilege role, as in production.  */
    snprintf (db->conninfo, sizeof db->conninfo, "host=%s port=%s dbname=%s user=rapor_app",
              db->host, db->port, db->name);
    return ok;
}

bool
harness_start (test_db_t *db, test_server_t *server)
{
    if (!harness_db_create (db)) {
        fprintf (stderr, "harness: cannot create a test database\n");
        return false;
    }
    if (!harness_server_start (server, db->conninfo, NULL)) {
        fprintf (stderr, "harness: rapord did not start; see %s\n", server->log_path);
        return false;
    }
    return true;
}

int
harness_db_column (const test_db_t *db, const char *sql, char (*rows)[64], int max)
{
    PGconn *conn = s_connect (db->host, db->port, db->name);
    if (!conn)
        return -1;
    PGresult *r = PQexecParams (conn, sql, 0, NULL, NULL, NULL, NULL, 0);
    int n = -1;
    if (PQresultStatus (r) == PGRES_TUPLES_OK) {
        n = PQntuples (r) < max ? PQntuples (r) : max;
        for (int i = 0; i < n; i++)
            snprintf (rows[i], 64, "%s", PQgetvalue (r, i, 0));
    }
    PQclear (r);
    PQfinish (conn);
    return n;
}

int
harness_db_command (const test_db_t *db, const char *sql)
{
    PGconn *conn = s_connect (db->host, db->port, db->name);
    if (!conn)
        return -1;
    PGresult *r = PQexec (conn, sql);
    int rc = PQresultStatus (r) == PGRES_COMMAND_OK ? 0 : -1;
    if (rc)
        fprintf (stderr, "harness: %s", PQresultErrorMessage (r));
    PQclear (r);
    PQfinish (conn);
    return rc;
}

int
harness_cluster (const char *dir, const char *command)
{
    char cmd[2600];
    snprintf (cmd, sizeof cmd, "'%s' %s '%.700s' 5432 >/dev/null",
              harness_source_path ("deploy/pg-tmp"), command, dir);
    return system (cmd);
}

bool
harness_cluster_signal (const char *dir, int sig)
{
    char cmd[2600];
    snprintf (cmd, sizeof cmd, "pid=$(head -1 '%.700s/data/postmaster.pid'); "
              "pkill -%d -P $pid; kill -%d $pid", dir, sig, sig);
    return system (cmd) == 0;
}

bool
harness_cluster_start (test_db_t *db, char *dir)
{
    memset (db, 0, sizeof *db);
    snprintf (dir, 700, "%.600s/../pg-XXXXXX", harness_keys_dir ());
    if (!mkdtemp (dir) || harness_cluster (dir, "start") != 0)
        return false;
    char cmd[2600];
    snprintf (cmd, sizeof cmd, "PGHOST='%.700s' PGPORT=5432 PGUSER=postgres RAPOR_TEST_KEYS='%.700s' "
              "'%.700s' rapor >/dev/null", dir, harness_keys_dir (),
              harness_source_path ("tests/support/make-db.sh"));
    if (system (cmd) != 0)
        return false;
    snprintf (db->host, sizeof db->host, "%.500s", dir);
    snprintf (db->port, sizeof db->port, "5432");
    snprintf (db->name, sizeof db->name, "rapor");
    snprintf (db->conninfo, sizeof db->conninfo, "host=%.600s port=5432 dbname=rapor user=rapor_app",
              dir);
    return true;
}

long
harness_db_number (const test_db_t *db, const char *sql)
{
    PGconn *conn = s_connect (db->host, db->port, db->name);
    if (!conn)
        return -1;
    PGresult *r = PQexecParams (conn, sql, 0, NULL, NULL, NULL, NULL, 0);
    long value = -1;
    if (PQresultStatus (r) == PGRES_TUPLES_OK && PQntuples (r) > 0)
        value = atol (PQgetvalue (r, 0, 0));
    else
    if (PQresultStatus (r) != PGRES_TUPLES_OK)
        fprintf (stderr, "harness: %s: %s", sql, PQresultErrorMessage (r));
    PQclear (r);
    PQfinish (conn);
    return value;
}

/*  In a child just forked by `parent`: stdout to out_path (opened with
    out_flags), stderr to err_path or stdout, stdin from /dev/null, files
    capped at fsize_limit bytes (0: no cap), then argv. The child dies with
    the test: a failed assertion ends the test's process before its own
    cleanup stops what it started, and a rapord or rapor-watch left behind
    ran on for the rest of the CI run (rapor-watch has no lifetime limit).
    Only async-signal-safe calls between fork and exec.  */
static void
s_exec_child (pid_t parent, const char *const *argv, const char *out_path, int out_flags,
              const char *err_path, long fsize_limit)
{
    if (prctl (PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid () != parent)
        _exit (126);            /*  the test is already gone  */
    int o = open (out_path, O_WRONLY | O_CREAT | out_flags, 0644);
    int e = err_path ? open (err_path, O_WRONLY | O_TRUNC) : o;
    int in = open ("/dev/null", O_RDONLY);
    if (o < 0 || e < 0 || in < 0 || dup2 (o, 1) < 0 || dup2 (e, 2) < 0 || dup2 (in, 0) < 0)
        _exit (126);
    if (fsize_limit > 0) {
        struct rlimit limit = { (rlim_t) fsize_limit, (rlim_t) fsize_limit };
        signal (SIGXFSZ, SIG_IGN);
        if (setrlimit (RLIMIT_FSIZE, &limit) != 0)
            _exit (126);
    }
    execv (argv[0], (char *const *) argv);
    _exit (127);
}

pid_t
harness_spawn (const char *const *argv, const char *output_path)
{
    /*  fork, not posix_spawn: posix_spawn cannot set PR_SET_PDEATHSIG.  */
    pid_t parent = getpid ();
    pid_t pid = fork ();
    if (pid == 0)
        s_exec_child (parent, argv, output_path, O_APPEND, NULL, 0);
    return pid < 0 ? -1 : pid;
}

/*  Waits for pid up to timeout_ms. Returns exit status, -1 for a signal,
    -2 on timeout (the process is left running).  */
static int
s_wait (pid_t pid, long timeout_ms);

int
harness_wait (pid_t pid, long timeout_ms)
{
    int status = s_wait (pid, timeout_ms);
    if (status == -2) {
        kill (pid, SIGKILL);
        s_wait (pid, 5000);
    }
    return status;
}

static int
s_wait (pid_t pid, long timeout_ms)
{
    long deadline = clock_now_ms () + timeout_ms;
    while (true) {
        int status = 0;
        pid_t done = waitpid (pid, &status, WNOHANG);
        if (done == pid)
            return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
        if (done < 0)
            return -1;
        if (clock_now_ms () > deadline)
            return -2;
        s_sleep_ms (5);
    }
}

bool
harness_server_spawn (test_server_t *server, const char *conninfo, const char *const *extra)
{
    memset (server, 0, sizeof *server);
    snprintf (server->conninfo, sizeof server->conninfo, "%s", conninfo);
    /*  Inside the fixture's directory, which its cleanup removes.  */
    char dir[700];
    snprintf (dir, sizeof dir, "%.600s/../rapord-XXXXXX", harness_keys_dir ());
    if (!mkdtemp (dir))
        return false;
    snprintf (server->endpoint_file, sizeof server->endpoint_file, "%s/endpoint", dir);
    snprintf (server->log_path, sizeof server->log_path, "%s/rapord.log", dir);
    const char *argv[32] = {
        RAPORD_PATH, "--endpoint", "tcp://127.0.0.1:*", "--database", conninfo,
        "--endpoint-file", server->endpoint_file, "--db-timeout-ms", "2000",
        "--pub-endpoint", "tcp://127.0.0.1:*", "--heartbeat-ms", "500",
        /*  Refusals are written as summary rows (gate.h); tests that look
            for one should not wait a minute for it.  */
        "--refusal-summary-seconds", "1",
        /*  No /etc/rapor/rapord.conf of this machine, and a test that
            wants rapord to wait for its database says so.  */
        "--no-config", "--database-wait-seconds", "0",
        "--curve-secret-file", NULL
    };
    char secret[720];
    snprintf (secret, sizeof secret, "%.700s_secret", harness_server_key ());
    argv[19] = secret;
    int argc = 20;
    for (int i = 0; extra && extra[i] && argc < 31; i++)
        argv[argc++] = extra[i];
    argv[argc] = NULL;
    server->pid = harness_spawn (argv, server->log_path);
    return server->pid > 0;
}

bool
harness_server_start (test_server_t *server, const char *conninfo, const char *const *extra)
{
    return harness_server_spawn (server, conninfo, extra)
        && harness_server_wait_bound (server, 15000);
}

bool
harness_server_wait_bound (test_server_t *server, long timeout_ms)
{
    long deadline = clock_now_ms () + timeout_ms;
    while (clock_now_ms () < deadline) {
        FILE *file = fopen (server->endpoint_file, "r");
        if (file) {
            bool got = fgets (server->endpoint, sizeof server->endpoint, file) != NULL
                    && fgets (server->pub_endpoint, sizeof server->pub_endpoint, file) != NULL;
            fclose (file);
            server->endpoint[strcspn (server->endpoint, "\n")] = '\0';
            server->pub_endpoint[strcspn (server->pub_endpoint, "\n")] = '\0';
            if (got && server->endpoint[0] && server->pub_endpoint[0])
                return true;
        }
        if (s_wait (server->pid, 0) != -2) {
            server->pid = 0;        /*  it exited: the caller reads the log  */
            return false;
        }
        s_sleep_ms (10);
    }
    return false;
}

/*  A rapord that did not stop cleanly on SIGTERM says why in its log's
    last lines (a sanitizer's report, an error); the fixture's cleanup
    removes the log, so they are copied to the test's output.  */
static void
s_log_tail (const char *path, int status)
{
    static char text[1 << 16];
    text[0] = '\0';
    FILE *f = fopen (path, "r");
    if (f) {
        if (fseek (f, -(long) (sizeof text - 1), SEEK_END) != 0)
            rewind (f);         /*  shorter than the buffer  */
        size_t n = fread (text, 1, sizeof text - 1, f);
        text[n] = '\0';
        fclose (f);
    }
    const char *tail = text + strlen (text);
    for (int lines = 0; tail > text && lines < 40; )
        lines += *--tail == '\n';
    fprintf (stderr, "harness: rapord ended with status %d on SIGTERM; the end of %s:\n%s\n",
             status, path, tail);
}

int
harness_server_stop (test_server_t *server, int sig)
{
    if (server->pid <= 0)
        return -1;
    kill (server->pid, sig);
    int status = s_wait (server->pid, 15000);
    if (status == -2) {
        kill (server->pid, SIGKILL);
        s_wait (server->pid, 5000);
    }
    if (status != 0 && sig == SIGTERM)
        s_log_tail (server->log_path, status);
    server->pid = 0;
    unlink (server->endpoint_file);
    return status;
}

int
harness_server_log_count (const test_server_t *server, const char *after, const char *text)
{
    FILE *file = fopen (server->log_path, "r");
    if (!file)
        return 0;
    char line[4096];
    int count = 0;
    bool started = after == NULL;
    while (fgets (line, sizeof line, file)) {
        if (started)
            count += strstr (line, text) != NULL;
        else
            started = strstr (line, after) != NULL;
    }
    fclose (file);
    return count;
}

bool
harness_server_log_has (const test_server_t *server, const char *text)
{
    return harness_server_log_count (server, NULL, text) > 0;
}

bool
harness_server_log_wait (const test_server_t *server, const char *after, const char *text,
                         int least, long timeout_ms)
{
    long deadline = clock_now_ms () + timeout_ms;
    while (harness_server_log_count (server, after, text) < least) {
        if (clock_now_ms () >= deadline)
            return false;
        s_sleep_ms (20);
    }
    return true;
}

int
harness_run (test_run_t *run, const char *const *argv)
{
    memset (run, 0, sizeof *run);
    char path[] = "/tmp/rapor-run-XXXXXX";
    int fd = mkstemp (path);
    if (fd < 0)
        return run->status = -1;
    close (fd);
    long started = clock_now_ms ();
    pid_t pid = harness_spawn (argv, path);
    run->status = pid < 0 ? -1 : s_wait (pid, 60000);
    if (run->status == -2) {
        kill (pid, SIGKILL);
        s_wait (pid, 5000);
        run->status = -2;
    }
    run->elapsed_ms = clock_now_ms () - started;
    FILE *file = fopen (path, "r");
    if (file) {
        size_t n = fread (run->output, 1, sizeof run->output - 1, file);
        run->output[n] = '\0';
        fclose (file);
    }
    unlink (path);
    return run->status;
}

void
harness_slurp (const char *path, char *buf, size_t size)
{
    buf[0] = '\0';
    FILE *f = fopen (path, "r");
    if (!f)
        return;
    size_t n = fread (buf, 1, size - 1, f);
    buf[n] = '\0';
    fclose (f);
}

int
harness_exec (const char *const *argv, const char *out_path, long fsize_limit,
              char *out, size_t out_size, char *err, size_t err_size)
{
    char out_tmp[] = "/tmp/rapor-exec-out-XXXXXX", err_tmp[] = "/tmp/rapor-exec-err-XXXXXX";
    int fd_out = mkstemp (out_tmp), fd_err = mkstemp (err_tmp);
    if (fd_out >= 0)
        close (fd_out);
    if (fd_err >= 0)
        close (fd_err);
    if (fd_out < 0 || fd_err < 0) {
        unlink (out_tmp);
        unlink (err_tmp);
        return -1;
    }
    pid_t parent = getpid ();
    pid_t pid = fork ();
    if (pid == 0)
        s_exec_child (parent, argv, out_path ? out_path : out_tmp, O_TRUNC, err ? err_tmp : NULL,
                      fsize_limit);
    int status = pid < 0 ? -1 : harness_wait (pid, 60000);
    if (out_size)
        out[0] = '\0';
    if (!out_path && out_size)
        harness_slurp (out_tmp, out, out_size);
    if (err && err_size)
        harness_slurp (err_tmp, err, err_size);
    unlink (out_tmp);
    unlink (err_tmp);
    return status;
}

/*  Runs one of the client tools with --server filled in, and the key of
    whoever the arguments say acts: --as, else --opd (rapor-submit) or
    INSPEKTORAT (rapor-admin); the assessor key with --verified. Arguments
    that name --key or --insecure-plaintext-dev themselves are left alone.  */
static int
s_run_tool (test_run_t *run, const char *path, const test_server_t *server, va_list args)
{
    const char *argv[64] = { path, "--server", server->endpoint };
    int argc = 3;
    bool admin = strcmp (path, RAPOR_ADMIN_PATH) == 0, verified = false, own_key = false;
    const char *as = NULL, *opd = NULL, *arg, *prev = "";
    while ((arg = va_arg (args, const char *)) != NULL && argc < 58) {
        argv[argc++] = arg;
        if (strcmp (prev, "--as") == 0)
            as = arg;
        if (strcmp (prev, "--opd") == 0)
            opd = arg;
        verified |= strcmp (arg, "--verified") == 0;
        own_key |= strcmp (arg, "--key") == 0 || strcmp (arg, "--insecure-plaintext-dev") == 0;
        prev = arg;
    }
    if (!own_key) {
        const char *code = as ? as : admin ? "INSPEKTORAT" : opd ? opd : "DINKES";
        const char *role = admin ? (strcmp (code, "INSPEKTORAT") == 0 ? "inspectorate" : "opd")
                         : verified ? "assessor" : "opd";
        static char key[700];
        snprintf (key, sizeof key, "%s", harness_key (code, role));
        /*  Options go before the command words for rapor-admin.  */
        int at = admin ? 3 : argc;
        memmove (&argv[at + 4], &argv[at], (size_t) (argc - at) * sizeof argv[0]);
        argv[at] = "--key";
        argv[at + 1] = key;
        argv[at + 2] = "--server-key";
        argv[at + 3] = harness_server_key ();
        argc += 4;
    }
    argv[argc] = NULL;
    return harness_run (run, argv);
}

int
harness_submit (test_run_t *run, const test_server_t *server, ...)
{
    va_list args;
    va_start (args, server);
    int status = s_run_tool (run, RAPOR_SUBMIT_PATH, server, args);
    va_end (args);
    return status;
}

int
harness_admin (test_run_t *run, const test_server_t *server, ...)
{
    va_list args;
    va_start (args, server);
    int status = s_run_tool (run, RAPOR_ADMIN_PATH, server, args);
    va_end (args);
    return status;
}

bool
harness_sub_open (test_sub_t *sub, const char *endpoint)
{
    curve_t curve;
    char path[700], err[256];
    snprintf (path, sizeof path, "%s", harness_key ("DISKOMINFO", "dashboard"));
    if (!keys_load (&curve, path, harness_server_key (), err, sizeof err))
        return false;
    sub->ctx = zmq_ctx_new ();
    sub->socket = zmq_socket (sub->ctx, ZMQ_SUB);
    keys_apply (sub->socket, &curve);
    int linger = 0, hwm = 100000;
    zmq_setsockopt (sub->socket, ZMQ_LINGER, &linger, sizeof linger);
    zmq_setsockopt (sub->socket, ZMQ_RCVHWM, &hwm, sizeof hwm);
    zmq_setsockopt (sub->socket, ZMQ_SUBSCRIBE, "", 0);
    if (zmq_connect (sub->socket, endpoint) != 0)
        return false;
    /*  A heartbeat proves the subscription has reached the publisher.  */
    broadcast_t b;
    return harness_sub_next (sub, BROADCAST_HEARTBEAT, &b, 10000);
}

void
harness_sub_close (test_sub_t *sub)
{
    if (sub->socket)
        zmq_close (sub->socket);
    if (sub->ctx)
        zmq_ctx_term (sub->ctx);
    sub->socket = sub->ctx = NULL;
}

bool
harness_sub_next (test_sub_t *sub, broadcast_kind_t kind, broadcast_t *b, int timeout_ms)
{
    long deadline = clock_now_ms () + timeout_ms;
    while (clock_now_ms () < deadline) {
        zmq_pollitem_t item = { sub->socket, 0, ZMQ_POLLIN, 0 };
        if (zmq_poll (&item, 1, 100) <= 0)
            continue;
        char topic[64];
        zmq_recv (sub->socket, topic, sizeof topic, 0);
        zmq_msg_t body;
        zmq_msg_init (&body);
        bool ok = zmq_msg_recv (&body, sub->socket, 0) >= 0
               && codec_broadcast_decode (zmq_msg_data (&body), zmq_msg_size (&body), b);
        zmq_msg_close (&body);
        if (ok && b->kind == kind)
            return true;
        if (ok)
            ranking_destroy (&b->ranking);
    }
    return false;
}

bool
harness_raw_request (const char *endpoint, const void *data, size_t size, reply_t *reply,
                     int timeout_ms)
{
    codec_reply_clear (reply);
    curve_t curve;
    if (!s_curve (&curve))
        return false;
    void *ctx = zmq_ctx_new ();
    void *socket = zmq_socket (ctx, ZMQ_DEALER);
    keys_apply (socket, &curve);
    int linger = 0;
    zmq_setsockopt (socket, ZMQ_LINGER, &linger, sizeof linger);
    zmq_setsockopt (socket, ZMQ_RCVTIMEO, &timeout_ms, sizeof timeout_ms);
    bool ok = zmq_connect (socket, endpoint) == 0
           && zmq_send (socket, "", 0, ZMQ_SNDMORE) == 0
           && zmq_send (socket, data, size, 0) == (int) size;
    if (ok) {
        char delimiter[8];
        ok = zmq_recv (socket, delimiter, sizeof delimiter, 0) == 0;
        zmq_msg_t body;
        zmq_msg_init (&body);
        ok = ok && zmq_msg_recv (&body, socket, 0) >= 0
                && codec_reply_decode (zmq_msg_data (&body), zmq_msg_size (&body), reply);
        zmq_msg_close (&body);
    }
    zmq_close (socket);
    zmq_ctx_term (ctx);
    return ok;
}

bool
harness_conn_open (test_conn_t *conn, const char *endpoint)
{
    curve_t curve;
    if (!s_curve (&curve))
        return false;
    conn->ctx = zmq_ctx_new ();
    conn->socket = zmq_socket (conn->ctx, ZMQ_DEALER);
    int linger = 0, timeout = 10000;
    zmq_setsockopt (conn->socket, ZMQ_LINGER, &linger, sizeof linger);
    zmq_setsockopt (conn->socket, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
    keys_apply (conn->socket, &curve);
    return zmq_connect (conn->socket, endpoint) == 0;
}

bool
harness_conn_request (test_conn_t *conn, const request_t *request, reply_t *reply)
{
    codec_reply_clear (reply);
    size_t size = 0;
    uint8_t *bytes = codec_request_encode (request, &size);
    bool ok = bytes && zmq_send (conn->socket, "", 0, ZMQ_SNDMORE) == 0
           && zmq_send (conn->socket, bytes, size, 0) == (int) size;
    free (bytes);
    char delimiter[8];
    ok = ok && zmq_recv (conn->socket, delimiter, sizeof delimiter, 0) == 0;
    zmq_msg_t body;
    zmq_msg_init (&body);
    ok = ok && zmq_msg_recv (&body, conn->socket, 0) >= 0
            && codec_reply_decode (zmq_msg_data (&body), zmq_msg_size (&body), reply);
    zmq_msg_close (&body);
    return ok;
}

void
harness_conn_close (test_conn_t *conn)
{
    if (conn->socket)
        zmq_close (conn->socket);
    if (conn->ctx)
        zmq_ctx_term (conn->ctx);
    conn->socket = conn->ctx = NULL;
}

bool
harness_request (const char *endpoint, const request_t *request, reply_t *reply)
{
    size_t size = 0;
    uint8_t *bytes = codec_request_encode (request, &size);
    bool ok = bytes && harness_raw_request (endpoint, bytes, size, reply, 10000);
    free (bytes);
    return ok;
}

void
harness_valid_submission (submission_t *s)
{
    submission_init (s);
    s->id_len = SUBMISSION_ID_LEN;
    if (getrandom (s->id, SUBMISSION_ID_LEN, 0) != SUBMISSION_ID_LEN)
        abort ();
    submission_set_period (s, "2024-Q2", 7);
    submission_set_opd (s, "DINKES", 6);
    for (uint32_t id = 1; id <= COMPONENT_COUNT; id++)
        submission_add_score (s, id, (int32_t) (8000 + id * 111), "bukti", 5);
}

const char *
harness_read_file (const char *path)
{
    static char buf[1 << 16];
    buf[0] = '\0';
    FILE *f = fopen (path, "r");
    if (f) {
        size_t n = fread (buf, 1, sizeof buf - 1, f);
        buf[n] = '\0';
        fclose (f);
    }
    return buf;
}
