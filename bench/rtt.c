/*  rapor-bench-rtt: the latency of one request round trip, measured over
    one long-lived connection: N pings (ZeroMQ + decode, no database) and
    N submissions (six scores each, committed before the reply). Reports
    percentiles; it never fails on a figure.  */
#include "clock.h"
#include "codec.h"
#include "component.h"
#include "rpc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

static int
s_cmp (const void *a, const void *b)
{
    int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
    return x < y ? -1 : x > y;
}

static void
s_report (const char *what, int64_t *ns, int n)
{
    qsort (ns, (size_t) n, sizeof *ns, s_cmp);
    printf ("%-8s n=%d  p50=%lld us  p95=%lld us  p99=%lld us  max=%lld us\n", what, n,
            (long long) ns[n / 2] / 1000, (long long) ns[n * 95 / 100] / 1000,
            (long long) ns[n * 99 / 100] / 1000, (long long) ns[n - 1] / 1000);
}

int
main (int argc, char **argv)
{
    const char *endpoint = argc > 1 ? argv[1] : "tcp://127.0.0.1:7700";
    int n = argc > 2 ? atoi (argv[2]) : 1000;
    const char *period = argc > 3 ? argv[3] : "2024-Q2";
    const char *opd = argc > 4 ? argv[4] : "DINKES";
    if (n < 10 || strcmp (endpoint, "--help") == 0) {
        fprintf (stderr, "usage: rapor-bench-rtt ENDPOINT [COUNT>=10] [PERIOD] [OPD]\n");
        return 2;
    }
    static curve_t curve;       /*  RAPOR_KEY, RAPOR_SERVER_KEY, or the development switch  */
    if (!keys_setup (&curve, "rapor-bench-rtt", NULL, NULL, false))
        return 2;
    rpc_t *rpc = rpc_new (endpoint, 10000, 1, &curve);
    int64_t *ping_ns = calloc ((size_t) n, sizeof *ping_ns);
    int64_t *submit_ns = calloc ((size_t) n, sizeof *submit_ns);
    static request_t request;
    static reply_t reply;
    if (!rpc || !ping_ns || !submit_ns)
        return 1;

    for (int phase = 0; phase < 2; phase++)
        for (int i = 0; i < n; i++) {
            memset (&request, 0, sizeof request);
            request.version = PROTOCOL_VERSION;
            request.request_id = (uint64_t) i + 1;
            request.kind = phase == 0 ? REQUEST_PING : REQUEST_SUBMIT;
            if (phase == 1) {
                submission_t *s = &request.submit;
                submission_init (s);
                s->id_len = SUBMISSION_ID_LEN;
                if (getrandom (s->id, SUBMISSION_ID_LEN, 0) != SUBMISSION_ID_LEN)
                    return 1;
                submission_set_period (s, period, strlen (period));
                submission_set_opd (s, opd, strlen (opd));
                for (uint32_t c = 1; c <= COMPONENT_COUNT; c++)
                    submission_add_score (s, c, (int32_t) (6000 + (i * 37 + c * 101) % 4000),
                                          "Bukti dukung terlampir", 22);
            }
            size_t size = 0, reply_size = 0;
            uint8_t *body = codec_request_encode (&request, &size), *raw = NULL;
            int64_t start = clock_now_ns ();
            rpc_status_t status = rpc_call (rpc, body, size, &raw, &reply_size);
            int64_t took = clock_now_ns () - start;
            free (body);
            reply_t *r = &reply;
            bool ok = status == RPC_OK && codec_reply_decode (raw, reply_size, r)
                   && r->kind == (phase == 0 ? REPLY_PONG : REPLY_RECEIPT);
            free (raw);
            if (!ok) {
                fprintf (stderr, "request %d failed (status %d, reply kind %d)\n", i, status,
                         r->kind);
                return 1;
            }
            (phase == 0 ? ping_ns : submit_ns)[i] = took;
        }
    s_report ("ping", ping_ns, n);
    s_report ("submit", submit_ns, n);
    rpc_destroy (&rpc);
    free (ping_ns);
    free (submit_ns);
    return 0;
}
