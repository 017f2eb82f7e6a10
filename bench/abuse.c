/*  rapor-bench-abuse: how much an abusive client costs an honest OPD.
    For each scenario it starts rapor-bench-abuser processes for SECONDS
    and meanwhile measures one registered OPD's submissions two ways: over
    one long-lived connection, and each on a fresh connection (CURVE
    handshake included, as rapor-submit does). Beside each figure it prints
    the unloaded one from the same run, the audit rows the scenario added
    (the measuring OPD's own rows left out), and rapord's largest resident
    size while it ran. It prints figures and targets; it never fails on them.

    usage: rapor-bench-abuse ENDPOINT SERVER_CERT MEASURE_SECRET ABUSER_SECRET
                             RAPORD_PID CONNINFO PERIOD OPD [SECONDS]
    MEASURE_SECRET and ABUSER_SECRET are two registered keys (the abuser's
    of another OPD); CONNINFO reads audit_log; PERIOD is open for OPD.  */
#include "call.h"
#include "clock.h"
#include "codec.h"
#include "component.h"
#include "rpc.h"

#include <libgen.h>
#include <libpq-fe.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define PACE_MS 10              /*  one submission per 10 ms: under the 200/s key budget  */
#define FRESH_EVERY 10          /*  and every tenth also on a fresh connection  */
#define TIMEOUT_MS 5000         /*  a request unanswered this long counts as failed  */
#define RAMP_MS 1000            /*  abusers start this long before measuring  */
#define QUIET_MS 2000           /*  audit rows written late count: wait until none for this long  */
#define SETTLE_MAX_MS 60000     /*  but no longer than this  */
#define MAX_ABUSERS 8

extern char **environ;

typedef struct {
    const char *label;          /*  as printed  */
    const char *mode;           /*  rapor-bench-abuser's MODE; NULL: unloaded  */
    int processes;
} scenario_t;

static const scenario_t s_scenarios[] = {
    { "unloaded", NULL, 0 },
    { "unknown keys x4", "unknown-key", 4 },
    { "wrong server key x4", "wrong-server-key", 4 },
    { "plaintext x4", "plaintext", 4 },
    { "1000 half-open", "half-open", 1 },
    { "malformed bodies", "malformed", 1 },
    { "300 x 1 MB message", "big-message", 1 },
    { "control: 4 busy loops", "busy", 4 },     /*  CPU contention alone, no traffic  */
    { "unloaded again", NULL, 0 },      /*  how much the machine drifted meanwhile  */
};
#define SCENARIOS (sizeof s_scenarios / sizeof s_scenarios[0])

typedef struct {
    int64_t *us;
    long n, capacity, failed, unavailable;
} series_t;

typedef struct {
    double p50, p99, max;       /*  ms  */
    long n, failed, unavailable;
} figures_t;

typedef struct {
    figures_t kept, fresh;      /*  long-lived connection; fresh connection each time  */
    long audit_rows;
    long rss_start_kb, rss_max_kb;
    double rapord_cpu_s, abusers_cpu_s;   /*  CPU seconds spent during the scenario  */
    bool ran;
} result_t;

typedef struct {
    const char *endpoint, *server_cert, *abuser_secret, *period, *opd;
    curve_t curve;
    pid_t rapord;
    PGconn *db;
    char abuser_path[PATH_MAX];
    int seconds;
} bench_t;

/*  rapord's resident size, sampled while a scenario runs.  */
static atomic_bool s_sampling;
static atomic_long s_rss_max_kb;

static long
s_rss_kb (pid_t pid)
{
    char path[64], line[256];
    snprintf (path, sizeof path, "/proc/%d/status", (int) pid);
    FILE *file = fopen (path, "r");
    long kb = -1;
    while (file && fgets (line, sizeof line, file))
        if (sscanf (line, "VmRSS: %ld", &kb) == 1)
            break;
    if (file)
        fclose (file);
    return kb;
}

/*  rapord's CPU time so far (user + system), in seconds.  */
static double
s_cpu_s (pid_t pid)
{
    char path[64];
    snprintf (path, sizeof path, "/proc/%d/stat", (int) pid);
    FILE *file = fopen (path, "r");
    unsigned long utime = 0, stime = 0;
    /*  Field 2 may hold spaces, so skip to the ')' that ends it.  */
    if (file && fscanf (file, "%*[^)]) %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
                        &utime, &stime) != 2)
        utime = stime = 0;
    if (file)
        fclose (file);
    return (double) (utime + stime) / (double) sysconf (_SC_CLK_TCK);
}

static void *
s_sampler (void *arg)
{
    pid_t pid = *(pid_t *) arg;
    while (atomic_load (&s_sampling)) {
        long kb = s_rss_kb (pid);
        if (kb > atomic_load (&s_rss_max_kb))
            atomic_store (&s_rss_max_kb, kb);
        usleep (20000);
    }
    return NULL;
}

static int
s_cmp (const void *a, const void *b)
{
    int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
    return x < y ? -1 : x > y;
}

static figures_t
s_figures (series_t *s)
{
    figures_t f = { .n = s->n, .failed = s->failed, .unavailable = s->unavailable };
    if (s->n == 0)
        return f;
    qsort (s->us, (size_t) s->n, sizeof *s->us, s_cmp);
    f.p50 = (double) s->us[s->n / 2] / 1000;
    f.p99 = (double) s->us[s->n * 99 / 100] / 1000;
    f.max = (double) s->us[s->n - 1] / 1000;
    return f;
}

static void
s_submission (request_t *request, const bench_t *b, long n)
{
    memset (request, 0, sizeof *request);
    request->version = PROTOCOL_VERSION;
    request->request_id = (uint64_t) n + 1;
    request->kind = REQUEST_SUBMIT;
    submission_t *s = &request->submit;
    submission_init (s);
    s->id_len = SUBMISSION_ID_LEN;
    if (getrandom (s->id, SUBMISSION_ID_LEN, 0) != SUBMISSION_ID_LEN)
        abort ();
    submission_set_period (s, b->period, strlen (b->period));
    submission_set_opd (s, b->opd, strlen (b->opd));
    for (uint32_t c = 1; c <= COMPONENT_COUNT; c++)
        submission_add_score (s, c, (int32_t) (6000 + (n * 37 + c * 101) % 4000),
                              "Bukti dukung terlampir", 22);
}

/*  A timed-out request counts at the time it took: a stall shows in p99.  */
static void
s_record (series_t *s, int64_t us, bool receipt, bool unavailable)
{
    if (s->n < s->capacity)
        s->us[s->n++] = us;
    s->failed += !receipt && !unavailable;
    s->unavailable += unavailable;
}

/*  One submission on the long-lived connection.  */
static void
s_submit_kept (const bench_t *b, rpc_t *rpc, request_t *request, reply_t *reply, long n,
               series_t *s)
{
    s_submission (request, b, n);
    size_t size = 0, raw_size = 0;
    uint8_t *body = codec_request_encode (request, &size), *raw = NULL;
    int64_t start = clock_now_us ();
    rpc_status_t status = body ? rpc_call (rpc, body, size, &raw, &raw_size) : RPC_FAILED;
    int64_t took = clock_now_us () - start;
    bool decoded = status == RPC_OK && codec_reply_decode (raw, raw_size, reply)
                && reply->request_id == request->request_id;
    s_record (s, took, decoded && reply->kind == REPLY_RECEIPT,
              decoded && reply->kind == REPLY_UNAVAILABLE);
    codec_reply_clear (reply);
    free (raw);
    free (body);
}

/*  One submission as rapor-submit makes it: connect, handshake, submit.  */
static void
s_submit_fresh (const bench_t *b, request_t *request, reply_t *reply, long n, series_t *s)
{
    s_submission (request, b, n);
    call_options_t options = { b->endpoint, TIMEOUT_MS, 1, NULL, &b->curve };
    int64_t start = clock_now_us ();
    call_status_t status = call_request (&options, request, reply);
    int64_t took = clock_now_us () - start;
    s_record (s, took, status == CALL_OK && reply->kind == REPLY_RECEIPT,
              status == CALL_UNAVAILABLE);
    codec_reply_clear (reply);
}

static int64_t
s_query_number (PGconn *db, const char *sql, const char *p1, const char *p2)
{
    const char *v[] = { p1, p2 };
    PGresult *r = PQexecParams (db, sql, p1 ? (p2 ? 2 : 1) : 0, NULL, v, NULL, NULL, 0);
    int64_t n = PQresultStatus (r) == PGRES_TUPLES_OK && PQntuples (r) == 1
              ? atoll (PQgetvalue (r, 0, 0)) : -1;
    if (n < 0)
        fprintf (stderr, "rapor-bench-abuse: %s", PQerrorMessage (db));
    PQclear (r);
    return n;
}

/*  Waits until rapord has written no audit row for QUIET_MS: a backlog
    it is still working through belongs to the scenario that made it.
    Returns the seconds waited.  */
static double
s_settle (PGconn *db)
{
    int64_t start = clock_now_ms (), quiet_since = start;
    int64_t last = s_query_number (db, "SELECT coalesce(max(id), 0) FROM audit_log", NULL, NULL);
    while (clock_now_ms () - quiet_since < QUIET_MS && clock_now_ms () - start < SETTLE_MAX_MS) {
        usleep (250000);
        int64_t now = s_query_number (db, "SELECT coalesce(max(id), 0) FROM audit_log", NULL,
                                      NULL);
        if (now != last)
            quiet_since = clock_now_ms ();
        last = now;
    }
    return (double) (clock_now_ms () - start) / 1000;
}

/*  What the scenario wrote to the audit log, largest groups first.  */
static void
s_audit_detail (PGconn *db, const char *after_id, const char *own_key)
{
    const char *v[] = { after_id, own_key };
    PGresult *r = PQexecParams (db,
        "SELECT action, outcome, coalesce(reason, ''), count(*) FROM audit_log"
        " WHERE id > $1::bigint AND public_key IS DISTINCT FROM $2"
        " GROUP BY 1, 2, 3 ORDER BY 4 DESC LIMIT 4", 2, NULL, v, NULL, NULL, 0);
    for (int i = 0; PQresultStatus (r) == PGRES_TUPLES_OK && i < PQntuples (r); i++)
        printf ("    audit: %s rows action=%s outcome=%s reason=%s\n", PQgetvalue (r, i, 3),
                PQgetvalue (r, i, 0), PQgetvalue (r, i, 1), PQgetvalue (r, i, 2));
    PQclear (r);
}

/*  Starts one abuser; its one line of counts comes back on `out`.  */
static pid_t
s_spawn (const bench_t *b, const char *mode, int seconds_ms, int out)
{
    char duration[32];
    snprintf (duration, sizeof duration, "%.3f", seconds_ms / 1000.0);
    bool registered = strcmp (mode, "malformed") == 0 || strcmp (mode, "big-message") == 0;
    char *argv[] = { "rapor-bench-abuser", (char *) mode, (char *) b->endpoint, duration,
                     registered ? (char *) b->server_cert : (char *) b->curve.server_key,
                     (char *) b->abuser_secret, NULL };
    if (!registered)
        argv[5] = NULL;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init (&actions);
    posix_spawn_file_actions_adddup2 (&actions, out, STDOUT_FILENO);
    pid_t pid = 0;
    if (posix_spawn (&pid, b->abuser_path, &actions, NULL, argv, environ) != 0)
        pid = 0;
    posix_spawn_file_actions_destroy (&actions);
    return pid;
}

/*  Waits for the abusers to end by themselves, then kills what is left.
    Returns the CPU seconds they used.  */
static double
s_reap (pid_t *pids, int count, int64_t until_ms)
{
    double cpu = 0;
    for (int i = 0; i < count; i++) {
        struct rusage usage;
        pid_t done = 0;
        while (pids[i] > 0 && (done = wait4 (pids[i], NULL, WNOHANG, &usage)) == 0) {
            if (clock_now_ms () > until_ms) {
                kill (pids[i], SIGKILL);
                done = wait4 (pids[i], NULL, 0, &usage);
                break;
            }
            usleep (20000);
        }
        if (done > 0)
            cpu += (double) usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6
                 + (double) usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
    }
    return cpu;
}

static bool
s_run (const bench_t *b, const scenario_t *sc, result_t *result)
{
    char after_id[32];
    int64_t max_id = s_query_number (b->db, "SELECT coalesce(max(id), 0) FROM audit_log",
                                     NULL, NULL);
    snprintf (after_id, sizeof after_id, "%lld", (long long) max_id);
    long capacity = (long) b->seconds * (1000 / PACE_MS) + 100;
    series_t kept = { .us = calloc ((size_t) capacity, sizeof (int64_t)), .capacity = capacity };
    series_t fresh = { .us = calloc ((size_t) capacity, sizeof (int64_t)), .capacity = capacity };
    request_t *request = calloc (1, sizeof *request);
    reply_t *reply = calloc (1, sizeof *reply);
    rpc_t *rpc = rpc_new (b->endpoint, TIMEOUT_MS, 1, &b->curve);
    if (!kept.us || !fresh.us || !request || !reply || !rpc)
        return false;
    s_submit_kept (b, rpc, request, reply, 0, &kept);     /*  connected before the abuse  */
    kept.n = kept.failed = kept.unavailable = 0;

    result->rss_start_kb = s_rss_kb (b->rapord);
    double cpu_start = s_cpu_s (b->rapord);
    atomic_store (&s_rss_max_kb, result->rss_start_kb);
    atomic_store (&s_sampling, true);
    pthread_t sampler;
    pthread_create (&sampler, NULL, s_sampler, (void *) &b->rapord);
    int pipes[2];
    if (pipe (pipes) != 0)
        return false;
    pid_t pids[MAX_ABUSERS] = { 0 };
    for (int i = 0; i < sc->processes && i < MAX_ABUSERS; i++)
        pids[i] = s_spawn (b, sc->mode, RAMP_MS + b->seconds * 1000, pipes[1]);
    close (pipes[1]);
    int64_t start = clock_now_ms () + RAMP_MS, end = start + b->seconds * 1000;
    usleep (RAMP_MS * 1000);
    for (long n = 1; clock_now_ms () < end; n++) {
        int64_t next = clock_now_ms () + PACE_MS;
        s_submit_kept (b, rpc, request, reply, n, &kept);
        if (n % FRESH_EVERY == 0)
            s_submit_fresh (b, request, reply, n, &fresh);
        int64_t left = next - clock_now_ms ();
        if (left > 0)
            usleep ((useconds_t) left * 1000);
    }
    result->abusers_cpu_s = s_reap (pids, sc->processes, end + 5000);
    result->rapord_cpu_s = s_cpu_s (b->rapord) - cpu_start;
    double settled = s_settle (b->db);
    atomic_store (&s_sampling, false);
    pthread_join (sampler, NULL);

    result->ran = true;
    result->kept = s_figures (&kept);
    result->fresh = s_figures (&fresh);
    result->rss_max_kb = atomic_load (&s_rss_max_kb);
    result->audit_rows = s_query_number (b->db,
        "SELECT count(*) FROM audit_log WHERE id > $1::bigint AND public_key IS DISTINCT FROM $2",
        after_id, b->curve.public_key);
    printf ("== %s: %ld + %ld submissions, %ld audit rows (settled in %.1f s), rapord RSS "
            "%.1f MiB at the start, %.1f MiB max; CPU seconds: rapord %.1f, abusers %.1f\n",
            sc->label, kept.n, fresh.n, result->audit_rows, settled,
            result->rss_start_kb / 1024.0, result->rss_max_kb / 1024.0,
            result->rapord_cpu_s, result->abusers_cpu_s);
    char line[512];
    FILE *counts = fdopen (pipes[0], "r");
    for (int i = 0; counts && fgets (line, sizeof line, counts); i++)
        printf ("    abuser %d (%s): %s", i + 1, sc->mode, line);
    if (counts)
        fclose (counts);
    s_audit_detail (b->db, after_id, b->curve.public_key);
    fflush (stdout);
    rpc_destroy (&rpc);
    free (kept.us);
    free (fresh.us);
    free (request);
    free (reply);
    return true;
}

/*  One series' line: each figure beside the unloaded one. Returns the
    p99 ratio, or -1 without samples (a server that never answered).  */
static double
s_series_line (const char *label, const char *series, const figures_t *f,
               const figures_t *base)
{
    if (f->n == 0) {
        printf ("%-21s %-6s %6d  %-19s %-19s %-7s %ld\n", label, series, 0, "none", "none",
                "-", f->failed + f->unavailable);
        return -1;
    }
    char p50[32], p99[32];
    snprintf (p50, sizeof p50, "%.2f (%.2f)", f->p50, base->p50);
    snprintf (p99, sizeof p99, "%.2f (%.2f)", f->p99, base->p99);
    double ratio = base->p99 > 0 ? f->p99 / base->p99 : 0;
    printf ("%-21s %-6s %6ld  %-19s %-19s %-7.1f %ld\n", label, series, f->n, p50, p99, ratio,
            f->failed + f->unavailable);
    return ratio;
}

static const char *
s_verdict (bool met)
{
    return met ? "met" : "NOT met";
}

static void
s_summary (const result_t *r, size_t count, long total_rows)
{
    printf ("\n== summary: submit round trips of a registered OPD, ms; (unloaded) from the "
            "same run\n");
    printf ("%-21s %-6s %6s  %-19s %-19s %-7s %s\n", "scenario", "series", "n",
            "p50 (unloaded)", "p99 (unloaded)", "p99 x", "failed");
    for (size_t i = 0; i < count; i++) {
        if (!r[i].ran)
            continue;
        double kept = s_series_line (s_scenarios[i].label, "kept", &r[i].kept, &r[0].kept);
        double fresh = s_series_line ("", "fresh", &r[i].fresh, &r[0].fresh);
        printf ("%-21s audit rows %ld, rapord RSS %.1f -> max %.1f MiB, CPU s rapord %.1f "
                "abusers %.1f", "", r[i].audit_rows, r[i].rss_start_kb / 1024.0,
                r[i].rss_max_kb / 1024.0, r[i].rapord_cpu_s, r[i].abusers_cpu_s);
        if (s_scenarios[i].mode && strcmp (s_scenarios[i].mode, "busy") == 0)
            printf ("; a control, not an abuse: no target");
        else if (i > 0)
            printf ("; targets: p99 <= 2x %s (kept), %s (fresh); audit rows <= 100 %s; "
                    "RSS <= 64 MiB %s", s_verdict (kept >= 0 && kept <= 2.0),
                    s_verdict (fresh >= 0 && fresh <= 2.0),
                    s_verdict (r[i].audit_rows >= 0 && r[i].audit_rows <= 100),
                    s_verdict (r[i].rss_max_kb <= 64 * 1024));
        printf ("\n");
    }
    printf ("kept: one long-lived connection, one submission per %d ms; fresh: every %dth "
            "also on a new connection (connect, CURVE handshake, submit), as rapor-submit "
            "does; failed: unanswered in %d s (counted at %d s) or unavailable; audit rows: "
            "added during the scenario and until none for %d s, the measuring OPD's own left "
            "out; %ld such rows over the whole run\n", PACE_MS, FRESH_EVERY, TIMEOUT_MS / 1000,
            TIMEOUT_MS / 1000, QUIET_MS / 1000, total_rows);
}

/*  True if `mode` is one of the comma-separated names in `list`.  */
static bool
s_listed (const char *list, const char *mode)
{
    size_t len = strlen (mode);
    for (const char *p = list; p; p = strchr (p, ',') ? strchr (p, ',') + 1 : NULL)
        if (strncmp (p, mode, len) == 0 && (p[len] == ',' || p[len] == 0))
            return true;
    return false;
}

int
main (int argc, char **argv)
{
    if (argc < 9) {
        fprintf (stderr, "usage: rapor-bench-abuse ENDPOINT SERVER_CERT MEASURE_SECRET "
                         "ABUSER_SECRET RAPORD_PID CONNINFO PERIOD OPD [SECONDS]\n");
        return 2;
    }
    static bench_t b;
    char err[256];
    b.endpoint = argv[1];
    b.server_cert = argv[2];
    b.abuser_secret = argv[4];
    b.rapord = (pid_t) atoi (argv[5]);
    b.period = argv[7];
    b.opd = argv[8];
    b.seconds = argc > 9 ? atoi (argv[9]) : 30;
    if (b.seconds < 1 || b.rapord <= 0) {
        fprintf (stderr, "rapor-bench-abuse: SECONDS must be at least 1, RAPORD_PID a pid\n");
        return 2;
    }
    if (!keys_load (&b.curve, argv[3], argv[2], err, sizeof err)) {
        fprintf (stderr, "rapor-bench-abuse: %s\n", err);
        return 2;
    }
    char self[PATH_MAX];
    ssize_t len = readlink ("/proc/self/exe", self, sizeof self - 1);
    if (len <= 0)
        return 1;
    self[len] = 0;
    snprintf (b.abuser_path, sizeof b.abuser_path, "%s/rapor-bench-abuser", dirname (self));
    b.db = PQconnectdb (argv[6]);
    if (PQstatus (b.db) != CONNECTION_OK) {
        fprintf (stderr, "rapor-bench-abuse: %s", PQerrorMessage (b.db));
        return 1;
    }
    /*  A thousand sockets on our side too, in the abusers we start.  */
    struct rlimit files;
    if (getrlimit (RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
        files.rlim_cur = files.rlim_max;
        setrlimit (RLIMIT_NOFILE, &files);
    }
    /*  On loopback the abusers come from another address, as from another
        machine: a per-address budget must not count the measured OPD.  */
    if (strncmp (b.endpoint, "tcp://127.0.0.1:", 16) == 0 && !getenv ("RAPOR_BENCH_ABUSER_SOURCE"))
        setenv ("RAPOR_BENCH_ABUSER_SOURCE", "127.0.0.2", 1);
    const char *source = getenv ("RAPOR_BENCH_ABUSER_SOURCE");
    printf ("abusers connect from %s, the measured OPD from the default address\n",
            source && *source ? source : "the default address");
    printf ("rapord pid %d, RSS %.1f MiB before the first scenario; %d s per scenario\n",
            (int) b.rapord, s_rss_kb (b.rapord) / 1024.0, b.seconds);
    char first_id[32];
    snprintf (first_id, sizeof first_id, "%lld", (long long) s_query_number (b.db,
              "SELECT coalesce(max(id), 0) FROM audit_log", NULL, NULL));
    /*  RAPOR_BENCH_ABUSE_ONLY=MODE[,MODE...] runs only those (and the
        unloaded runs around them), to study one abuse.  */
    const char *only = getenv ("RAPOR_BENCH_ABUSE_ONLY");
    static result_t results[SCENARIOS];
    for (size_t i = 0; i < SCENARIOS; i++) {
        if (only && *only && s_scenarios[i].mode && !s_listed (only, s_scenarios[i].mode))
            continue;
        if (s_rss_kb (b.rapord) < 0) {
            printf ("rapord (pid %d) is gone; the remaining scenarios cannot run\n",
                    (int) b.rapord);
            break;
        }
        if (!s_run (&b, &s_scenarios[i], &results[i]))
            fprintf (stderr, "rapor-bench-abuse: cannot run '%s'\n", s_scenarios[i].label);
    }
    s_settle (b.db);
    long total = (long) s_query_number (b.db, "SELECT count(*) FROM audit_log WHERE id > "
                                        "$1::bigint AND public_key IS DISTINCT FROM $2",
                                        first_id, b.curve.public_key);
    s_summary (results, SCENARIOS, total);
    PQfinish (b.db);
    return 0;
}
