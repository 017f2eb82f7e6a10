/*  rapor-bench: K OPD clients against rapord (CURVE on), then the same
    submissions written straight into PostgreSQL over K connections, one
    transaction each; the ratio of the two. Reports figures; never fails
    on them.

    usage: rapor-bench SERVER SERVER_PUBLIC_CERT CONNINFO [K] [SECONDS] [BROADCAST]
    CONNINFO reaches the same database as the database owner: the bench
    registers K OPDs and their keys, and opens a bench period. Given
    rapord's BROADCAST endpoint, a dashboard also times the heartbeats
    while the K clients submit (the fair loop's figure: every gap within
    twice the setting).  */
#include "clock.h"
#include "codec.h"
#include "component.h"
#include "keys.h"

#include <czmq.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>
#include <zmq.h>

#define MAX_CLIENTS 256
#define PERIOD "2031-Q1"
#define MAX_SAMPLES 2000000
#define EVIDENCE "Bukti dukung: laporan triwulan terlampir"

typedef struct {
    int index;
    char opd[17];
    curve_t curve;
    const char *endpoint;
    const char *conninfo;
    void *ctx;
    int k;                  /*  the first of a thread's clients: how many it drives  */
    int64_t deadline_ms;
    long acked, failed;
    int64_t *lat_us;        /*  this client's latencies  */
    long samples, capacity;
} client_t;

static void
s_fill (submission_t *s, const char *opd, long n)
{
    submission_init (s);
    s->id_len = SUBMISSION_ID_LEN;
    if (getrandom (s->id, SUBMISSION_ID_LEN, 0) != SUBMISSION_ID_LEN)
        abort ();
    submission_set_period (s, PERIOD, strlen (PERIOD));
    submission_set_opd (s, opd, strlen (opd));
    for (uint32_t c = 1; c <= COMPONENT_COUNT; c++)
        submission_add_score (s, c, (int32_t) (5000 + (n * 37 + c * 101) % 5000),
                              EVIDENCE, strlen (EVIDENCE));
}

static void
s_sample (client_t *c, int64_t us)
{
    if (c->samples < c->capacity)
        c->lat_us[c->samples++] = us;
}

/*  Sends client c's next submission on its socket.  */
static bool
s_zmq_send (client_t *c, void *socket, request_t *request, long n)
{
    request->version = PROTOCOL_VERSION;
    request->request_id = (uint64_t) n + 1;
    request->kind = REQUEST_SUBMIT;
    s_fill (&request->submit, c->opd, n);
    size_t size = 0;
    uint8_t *body = codec_request_encode (request, &size);
    bool ok = body && zmq_send (socket, "", 0, ZMQ_SNDMORE) == 0
           && zmq_send (socket, body, size, 0) == (int) size;
    free (body);
    return ok;
}

/*  Reads the reply waiting on the socket; true if it is a receipt.  */
static bool
s_zmq_receive (client_t *c, void *socket, reply_t *reply)
{
    char empty[8];
    zmq_msg_t msg;
    zmq_msg_init (&msg);
    bool ok = zmq_recv (socket, empty, sizeof empty, 0) == 0
           && zmq_msg_recv (&msg, socket, 0) >= 0
           && codec_reply_decode (zmq_msg_data (&msg), zmq_msg_size (&msg), reply)
           && reply->kind == REPLY_RECEIPT;
    zmq_msg_close (&msg);
    if (!ok && c->failed == 0 && c->index == 0)
        fprintf (stderr, "rapor-bench: first failure: reply kind %d %s %s\n", reply->kind,
                 reply->problems.count ? reply->problems.items[0].code : "",
                 reply->problems.count ? reply->problems.items[0].message : reply->reason);
    codec_reply_clear (reply);
    return ok;
}

/*  The K OPD clients: each its own DEALER socket, connection and CURVE
    session, one submission in flight, the next sent as soon as its receipt
    arrives. A thread drives several, with zmq_poll: a real OPD runs on its
    own machine, so the load generator should take as little as it can of
    the two cores it shares with rapord and PostgreSQL.  */
static void *
s_zmq_clients (void *arg)
{
    client_t *clients = arg;
    int k = clients[0].k;
    void *ctx = clients[0].ctx;
    zmq_pollitem_t items[MAX_CLIENTS];
    int64_t sent_at[MAX_CLIENTS];
    long n[MAX_CLIENTS];
    request_t *request = calloc (1, sizeof *request);
    reply_t *reply = calloc (1, sizeof *reply);
    int active = 0;
    for (int i = 0; i < k; i++) {
        client_t *c = &clients[i];
        void *socket = zmq_socket (ctx, ZMQ_DEALER);
        int linger = 0;
        zmq_setsockopt (socket, ZMQ_LINGER, &linger, sizeof linger);
        keys_apply (socket, &c->curve);
        zmq_connect (socket, c->endpoint);
        items[i] = (zmq_pollitem_t) { .socket = socket, .events = ZMQ_POLLIN };
        n[i] = 0;
        sent_at[i] = clock_now_us ();
        if (s_zmq_send (c, socket, request, n[i]))
            active++;
        else {
            c->failed++;
            items[i].events = 0;
        }
    }
    while (active > 0) {
        if (zmq_poll (items, k, 1000) < 0)
            break;
        int64_t now = clock_now_us ();
        for (int i = 0; i < k; i++) {
            client_t *c = &clients[i];
            if (!items[i].events)
                continue;
            bool answered = items[i].revents & ZMQ_POLLIN;
            if (!answered && now - sent_at[i] < 10000000)
                continue;
            if (answered && s_zmq_receive (c, items[i].socket, reply)) {
                c->acked++;
                s_sample (c, now - sent_at[i]);
            }
            else
                c->failed++;
            if (now / 1000 < c->deadline_ms && answered) {
                n[i]++;
                sent_at[i] = clock_now_us ();
                if (s_zmq_send (c, items[i].socket, request, n[i]))
                    continue;
                c->failed++;
            }
            items[i].events = 0;        /*  this client is done  */
            active--;
        }
    }
    for (int i = 0; i < k; i++)
        zmq_close (items[i].socket);
    free (request);
    free (reply);
    return NULL;
}

/*  The same work with libpq alone: one transaction per submission.  */
static void *
s_raw_client (void *arg)
{
    client_t *c = arg;
    PGconn *conn = PQconnectdb (c->conninfo);
    if (PQstatus (conn) != CONNECTION_OK) {
        fprintf (stderr, "raw: %s", PQerrorMessage (conn));
        PQfinish (conn);
        return NULL;
    }
    submission_t *s = calloc (1, sizeof *s);
    for (long n = 0; clock_now_ms () < c->deadline_ms; n++) {
        s_fill (s, c->opd, n);
        int64_t start = clock_now_us ();
        const char *v[] = { (const char *) s->id, c->opd };
        int len[] = { SUBMISSION_ID_LEN, 0 }, fmt[] = { 1, 0 };
        PGresult *r = PQexec (conn, "BEGIN");
        PQclear (r);
        r = PQexecParams (conn,
            "INSERT INTO submissions (submission_uuid, period_id, opd_id, content_sha256,"
            " request_id, kind, submitter_opd_id)"
            " SELECT $1::bytea, p.id, o.id, sha256($1::bytea), 0, 'self', o.id"
            " FROM periods p, opds o WHERE p.code = '" PERIOD "' AND o.code = $2 RETURNING id",
            2, NULL, v, len, fmt, 0);
        bool ok = PQresultStatus (r) == PGRES_TUPLES_OK && PQntuples (r) == 1;
        char id[24] = "";
        if (ok)
            snprintf (id, sizeof id, "%s", PQgetvalue (r, 0, 0));
        PQclear (r);
        if (ok) {
            char score[COMPONENT_COUNT][16];
            const char *sv[1 + 2 * COMPONENT_COUNT] = { id };
            for (int k = 0; k < COMPONENT_COUNT; k++) {
                snprintf (score[k], sizeof score[k], "%d", s->scores[k].score_centi);
                sv[1 + k] = score[k];
                sv[1 + COMPONENT_COUNT + k] = s->scores[k].evidence;
            }
            r = PQexecParams (conn,
                "INSERT INTO scores (submission_id, component_id, score_centi, evidence) VALUES"
                " ($1,1,$2,$8),($1,2,$3,$9),($1,3,$4,$10),($1,4,$5,$11),($1,5,$6,$12),($1,6,$7,$13)",
                13, NULL, sv, NULL, NULL, 0);
            ok = PQresultStatus (r) == PGRES_COMMAND_OK;
            PQclear (r);
        }
        r = PQexec (conn, ok ? "COMMIT" : "ROLLBACK");
        ok = ok && PQresultStatus (r) == PGRES_COMMAND_OK;
        PQclear (r);
        if (ok) {
            c->acked++;
            s_sample (c, clock_now_us () - start);
        }
        else
            c->failed++;
    }
    free (s);
    PQfinish (conn);
    return NULL;
}

static int
s_cmp (const void *a, const void *b)
{
    int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
    return x < y ? -1 : x > y;
}

/*  Runs `fn` in threads, each given `per_thread` clients (the first's k
    says how many); prints and returns submissions per second.  */
static double
s_run (const char *label, void *(*fn) (void *), client_t *clients, int k, int per_thread,
       int seconds)
{
    pthread_t thread[MAX_CLIENTS];
    int64_t start = clock_now_ms ();
    for (int i = 0; i < k; i++) {
        clients[i].deadline_ms = start + seconds * 1000;
        clients[i].acked = clients[i].failed = clients[i].samples = 0;
    }
    int threads = 0;
    for (int i = 0; i < k; i += per_thread) {
        clients[i].k = k - i < per_thread ? k - i : per_thread;
        pthread_create (&thread[threads++], NULL, fn, &clients[i]);
    }
    for (int i = 0; i < threads; i++)
        pthread_join (thread[i], NULL);
    double elapsed = (double) (clock_now_ms () - start) / 1000.0;
    long acked = 0, failed = 0, n = 0;
    for (int i = 0; i < k; i++) {
        acked += clients[i].acked;
        failed += clients[i].failed;
        n += clients[i].samples;
    }
    int64_t *all = malloc ((size_t) (n ? n : 1) * sizeof *all);
    long at = 0;
    for (int i = 0; i < k; i++) {
        memcpy (all + at, clients[i].lat_us, (size_t) clients[i].samples * sizeof *all);
        at += clients[i].samples;
    }
    qsort (all, (size_t) n, sizeof *all, s_cmp);
    double rate = (double) acked / elapsed;
    printf ("%-5s K=%d T=%ds: %ld acked, %ld failed, %.0f/s, latency p50=%.2f ms p95=%.2f ms "
            "p99=%.2f ms\n", label, k, seconds, acked, failed, rate,
            n ? (double) all[n / 2] / 1000 : 0, n ? (double) all[n * 95 / 100] / 1000 : 0,
            n ? (double) all[n * 99 / 100] / 1000 : 0);
    free (all);
    return rate;
}

/*  An OPD and one key of `role` for it, straight in the database.  */
static void
s_register (PGconn *conn, const char *opd, const char *public_key, const char *role)
{
    const char *v[] = { opd, public_key, role };
    PGresult *r = PQexecParams (conn, "WITH o AS (INSERT INTO opds (code, name, kind)"
                                " VALUES ($1, 'OPD uji beban', 'kantor')"
                                " ON CONFLICT (code) DO UPDATE SET active = true RETURNING id)"
                                " INSERT INTO client_keys (public_key, opd_id, role)"
                                " SELECT $2, id, $3 FROM o", 3, NULL, v, NULL, NULL, 0);
    if (PQresultStatus (r) != PGRES_COMMAND_OK)
        fprintf (stderr, "rapor-bench: %s", PQresultErrorMessage (r));
    PQclear (r);
}

/*  The dashboard that times heartbeats: its own thread and context, so a
    heartbeat is timed when it arrives, not when the clients' loop is free.  */
typedef struct {
    curve_t curve;
    const char *endpoint;
    atomic_int stop;
    long heartbeats, late;      /*  late: more than twice the setting after the last  */
    int64_t max_gap_ms;
    uint32_t setting_ms;
} beat_t;

static void *
s_beat_watch (void *arg)
{
    beat_t *self = arg;
    void *ctx = zmq_ctx_new ();
    void *socket = zmq_socket (ctx, ZMQ_SUB);
    int linger = 0;
    zmq_setsockopt (socket, ZMQ_LINGER, &linger, sizeof linger);
    keys_apply (socket, &self->curve);
    zmq_setsockopt (socket, ZMQ_SUBSCRIBE, "heartbeat", 9);
    zmq_connect (socket, self->endpoint);
    int64_t last = 0;
    broadcast_t b;
    while (!atomic_load (&self->stop)) {
        zmq_pollitem_t item = { socket, 0, ZMQ_POLLIN, 0 };
        if (zmq_poll (&item, 1, 50) <= 0)
            continue;
        char topic[32];
        zmq_msg_t body;
        zmq_msg_init (&body);
        int64_t now = clock_now_ms ();
        memset (&b, 0, sizeof b);
        if (zmq_recv (socket, topic, sizeof topic, 0) >= 0
        &&  zmq_msg_recv (&body, socket, 0) >= 0
        &&  codec_broadcast_decode (zmq_msg_data (&body), zmq_msg_size (&body), &b)) {
            if (b.kind == BROADCAST_HEARTBEAT) {
                self->setting_ms = b.interval_ms;
                if (last && now - last > self->max_gap_ms)
                    self->max_gap_ms = now - last;
                if (last && now - last > 2 * (int64_t) b.interval_ms)
                    self->late++;
                self->heartbeats++;
                last = now;
            }
            ranking_destroy (&b.ranking);
        }
        zmq_msg_close (&body);
    }
    zmq_close (socket);
    zmq_ctx_term (ctx);
    return NULL;
}

/*  A fresh key pair for a bench client of `server`.  */
static void
s_new_keys (curve_t *curve, zcert_t *server)
{
    zcert_t *cert = zcert_new ();
    curve->on = true;
    snprintf (curve->public_key, 41, "%s", zcert_public_txt (cert));
    snprintf (curve->secret_key, 41, "%s", zcert_secret_txt (cert));
    snprintf (curve->server_key, 41, "%s", zcert_public_txt (server));
    zcert_destroy (&cert);
}

/*  K bench OPDs and their keys, registered straight in the database.  */
static bool
s_setup (client_t *clients, int k, const char *conninfo, const char *server_cert,
         beat_t *beat)
{
    PGconn *conn = PQconnectdb (conninfo);
    if (PQstatus (conn) != CONNECTION_OK) {
        fprintf (stderr, "rapor-bench: %s", PQerrorMessage (conn));
        return false;
    }
    PGresult *r = PQexec (conn, "INSERT INTO periods (code) VALUES ('" PERIOD "')"
                                " ON CONFLICT (code) DO NOTHING");
    PQclear (r);
    zsys_handler_set (NULL);
    zcert_t *server = zcert_load (server_cert);
    if (!server) {
        fprintf (stderr, "rapor-bench: cannot read %s\n", server_cert);
        return false;
    }
    for (int i = 0; i < k; i++) {
        client_t *c = &clients[i];
        snprintf (c->opd, sizeof c->opd, "BENCH%03d", i);
        s_new_keys (&c->curve, server);
        s_register (conn, c->opd, c->curve.public_key, "opd");
        c->capacity = MAX_SAMPLES / k;
        c->lat_us = malloc ((size_t) c->capacity * sizeof *c->lat_us);
    }
    s_new_keys (&beat->curve, server);
    s_register (conn, "BENCHWATCH", beat->curve.public_key, "dashboard");
    zcert_destroy (&server);
    PQfinish (conn);
    return true;
}

int
main (int argc, char **argv)
{
    if (argc < 4) {
        fprintf (stderr, "usage: rapor-bench SERVER SERVER_PUBLIC_CERT CONNINFO [K] [SECONDS]\n");
        return 2;
    }
    int k = argc > 4 ? atoi (argv[4]) : 32;
    int seconds = argc > 5 ? atoi (argv[5]) : 10;
    if (k < 1 || k > MAX_CLIENTS || seconds < 1) {
        fprintf (stderr, "rapor-bench: K is 1 to %d, SECONDS at least 1\n", MAX_CLIENTS);
        return 2;
    }
    static client_t clients[MAX_CLIENTS];
    static beat_t beat;
    beat.endpoint = argc > 6 ? argv[6] : NULL;
    if (!s_setup (clients, k, argv[3], argv[2], &beat))
        return 1;
    pthread_t watcher;
    if (beat.endpoint) {
        pthread_create (&watcher, NULL, s_beat_watch, &beat);
        sleep (1);      /*  its subscription reaches rapord before the load starts  */
    }
    /*  Two threads of clients and two I/O threads: while rapord waits for
        their next requests, both cores are free for them.  */
    void *ctx = zmq_ctx_new ();
    zmq_ctx_set (ctx, ZMQ_IO_THREADS, 2);
    for (int i = 0; i < k; i++) {
        clients[i].endpoint = argv[1];
        clients[i].conninfo = argv[3];
        clients[i].ctx = ctx;
        clients[i].index = i;
    }
    double rapord = s_run ("load", s_zmq_clients, clients, k, (k + 1) / 2, seconds);
    if (beat.endpoint) {
        atomic_store (&beat.stop, 1);
        pthread_join (watcher, NULL);
        printf ("heartbeats under load: %ld (setting %u ms), longest gap %ld ms (%.2f x the "
                "setting), %ld more than twice the setting after the one before\n",
                beat.heartbeats, beat.setting_ms, (long) beat.max_gap_ms,
                beat.setting_ms ? (double) beat.max_gap_ms / beat.setting_ms : 0.0, beat.late);
    }
    double raw = s_run ("raw", s_raw_client, clients, k, 1, seconds);
    printf ("ratio rapord/raw at K=%d: %.2f\n", k, raw > 0 ? rapord / raw : 0.0);
    zmq_ctx_term (ctx);
    return 0;
}
