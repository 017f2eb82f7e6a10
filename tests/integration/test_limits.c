/*  Whole-message limits: the frames a client sends are limited in number
    and, added up, in bytes; a message over either is read to its end and
    let go frame by frame, never held whole by rapord, and rapord keeps
    serving. A body of exactly the limit is answered, CURVE's overhead
    notwithstanding.  */
#include "harness.h"

#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>

#define MIB (1024 * 1024)

/*  Under AddressSanitizer freed memory waits in quarantine, so RSS says
    nothing about what rapord holds. GCC says so with __SANITIZE_ADDRESS__,
    clang (the sanitizer build's compiler) with __has_feature.  */
#if defined(__SANITIZE_ADDRESS__)
#   define UNDER_ASAN 1
#elif defined(__has_feature)
#   if __has_feature(address_sanitizer)
#       define UNDER_ASAN 1
#   endif
#endif

static test_db_t db;
static test_server_t server;

static void
s_setup (void)
{
    const char *const extra[] = { "--max-message-bytes", "1048576", NULL };
    cr_assert (harness_db_create (&db));
    cr_assert (harness_server_start (&server, db.conninfo, extra));
}

static void
s_teardown (void)
{
    harness_server_stop (&server, SIGTERM);
}

TestSuite (limits, .init = s_setup, .fini = s_teardown, .timeout = 120);

/*  A field of /proc/PID/status in kB ("VmHWM:", the peak RSS), or -1.  */
static long
s_status_kb (pid_t pid, const char *field)
{
    char path[64], line[256];
    snprintf (path, sizeof path, "/proc/%d/status", (int) pid);
    FILE *f = fopen (path, "r");
    long kb = -1;
    while (f && fgets (line, sizeof line, f))
        if (strncmp (line, field, strlen (field)) == 0)
            kb = atol (line + strlen (field));
    if (f)
        fclose (f);
    return kb;
}

/*  Sends `frames` frames of `size` bytes each (the last being the body)
    after an empty delimiter, on a DEALER with the current key, and waits
    up to timeout_ms for a reply. True with *reply filled if one came.  */
static bool
s_send_frames (int frames, size_t size, reply_t *reply, int timeout_ms)
{
    test_conn_t conn;
    cr_assert (harness_conn_open (&conn, server.endpoint));
    zmq_setsockopt (conn.socket, ZMQ_RCVTIMEO, &timeout_ms, sizeof timeout_ms);
    char *frame = calloc (1, size ? size : 1);
    cr_assert (frame);
    cr_assert_eq (zmq_send (conn.socket, "", 0, ZMQ_SNDMORE), 0);
    for (int i = 0; i < frames; i++)
        cr_assert_eq (zmq_send (conn.socket, frame, size, i + 1 < frames ? ZMQ_SNDMORE : 0),
                      (int) size);
    free (frame);
    char delimiter[8];
    bool ok = zmq_recv (conn.socket, delimiter, sizeof delimiter, 0) == 0;
    zmq_msg_t body;
    zmq_msg_init (&body);
    codec_reply_clear (reply);
    ok = ok && zmq_msg_recv (&body, conn.socket, 0) >= 0
            && codec_reply_decode (zmq_msg_data (&body), zmq_msg_size (&body), reply);
    zmq_msg_close (&body);
    /*  The message is sent whole even when no reply came: closing waits
        (at most a minute) for the frames still queued.  */
    int linger = 60000;
    zmq_setsockopt (conn.socket, ZMQ_LINGER, &linger, sizeof linger);
    harness_conn_close (&conn);
    return ok;
}

/*  Still serves: a ping gets its pong.  */
static void
s_still_serves (void)
{
    static request_t request;
    static reply_t reply;
    memset (&request, 0, sizeof request);
    request.version = PROTOCOL_VERSION;
    request.request_id = 99;
    request.kind = REQUEST_PING;
    cr_assert (harness_request (server.endpoint, &request, &reply));
    cr_expect_eq (reply.kind, REPLY_PONG);
    cr_expect_eq (reply.request_id, 99);
}

Test (limits, three_hundred_frames_of_a_megabyte_do_not_grow_rapord)
{
    static reply_t reply;
    /*  More frames than a request may have: dropped without a reply.  */
    cr_expect_not (s_send_frames (300, 1000 * 1000, &reply, 3000));
    cr_expect (harness_server_log_wait (&server, NULL, "reason=bad_framing frames=302", 1,
                                        30000));
    s_still_serves ();
    long peak = s_status_kb (server.pid, "VmHWM:");
    long now = s_status_kb (server.pid, "VmRSS:");
    fprintf (stderr, "limits: rapord VmHWM=%ld kB VmRSS=%ld kB after 300 x 1 MB\n", peak, now);
#ifndef UNDER_ASAN
    cr_expect_leq (now, 64 * 1024, "rapord's RSS is %ld kB", now);
#endif
}

/*  libzmq delivers a multipart message only once every frame has
    arrived, and nothing bounds their number; what bounds rapord's memory
    is the frame limit, max_message_bytes + 64 KiB. With the default
    limit (64 KiB) a frame of a megabyte ends the connection before it is
    held, so 300 of them never grow rapord. (This suite's rapord runs at
    the largest limit, 1 MiB, where such a message peaks near 300 MB:
    PROTOCOL.md §6 says so.)  */
Test (limits, with_the_default_limit_three_hundred_frames_of_a_megabyte_never_peak_over_64_mib)
{
    test_server_t plain;
    cr_assert (harness_server_start (&plain, db.conninfo, NULL));
    char endpoint[256];
    snprintf (endpoint, sizeof endpoint, "%s", server.endpoint);
    snprintf (server.endpoint, sizeof server.endpoint, "%s", plain.endpoint);
    static reply_t reply;
    cr_expect_not (s_send_frames (300, 1000 * 1000, &reply, 3000));
    snprintf (server.endpoint, sizeof server.endpoint, "%s", endpoint);
    long peak = s_status_kb (plain.pid, "VmHWM:");
    fprintf (stderr, "limits: default-limit rapord VmHWM=%ld kB after 300 x 1 MB\n", peak);
#ifndef UNDER_ASAN
    cr_expect_leq (peak, 64 * 1024, "rapord's RSS peaked at %ld kB", peak);
#endif
    harness_server_stop (&plain, SIGTERM);
}

Test (limits, too_many_small_frames_are_dropped)
{
    static reply_t reply;
    cr_expect_not (s_send_frames (300, 10, &reply, 2000));
    cr_expect (harness_server_log_wait (&server, NULL, "reason=bad_framing frames=302", 1,
                                        10000));
    s_still_serves ();
}

/*  Sends `count` messages of 10 empty frames (bad framing) on one new
    connection, and closes it once they are all sent.  */
static void
s_send_bad_framing (int count)
{
    test_conn_t conn;
    cr_assert (harness_conn_open (&conn, server.endpoint));
    for (int m = 0; m < count; m++)
        for (int i = 0; i < 10; i++)
            cr_assert_eq (zmq_send (conn.socket, "", 0, i + 1 < 10 ? ZMQ_SNDMORE : 0), 0);
    int linger = 60000;
    zmq_setsockopt (conn.socket, ZMQ_LINGER, &linger, sizeof linger);
    harness_conn_close (&conn);
}

/*  Bad-framing lines in rapord's log, and the drops they count as unlogged.  */
static int
s_bad_framing_lines (long *unlogged)
{
    FILE *f = fopen (server.log_path, "r");
    cr_assert (f);
    char line[1024];
    int lines = 0;
    *unlogged = 0;
    while (fgets (line, sizeof line, f)) {
        const char *u = strstr (line, "unlogged=");
        if (strstr (line, "reason=bad_framing") && u) {
            lines++;
            *unlogged += atol (u + strlen ("unlogged="));
        }
    }
    fclose (f);
    return lines;
}

/*  Bad framing comes before any budget, so a client sending it as fast as
    it can must not fill rapord's log (journald would then drop rapord's
    other lines): the first line in each second, counting the rest. Every
    drop is in the log, as a line or in a later line's count.  */
Test (limits, a_flood_of_bad_framing_is_logged_once_a_second)
{
    s_send_bad_framing (500);
    cr_assert (harness_server_log_wait (&server, NULL, "reason=bad_framing", 1, 10000));
    int sent = 500, probes = 0, lines = 0;
    long unlogged = 0;
    /*  One more a second later is logged with the count of those before.  */
    while (probes < 15) {
        usleep (1100 * 1000);
        s_send_bad_framing (1);
        sent++;
        probes++;
        cr_assert (harness_server_log_wait (&server, NULL, "reason=bad_framing", probes + 1,
                                            10000));
        lines = s_bad_framing_lines (&unlogged);
        if (lines + unlogged == sent)
            break;
    }
    cr_expect_eq (lines + unlogged, sent, "%d lines count %ld more of %d drops; see %s", lines,
                  unlogged, sent, server.log_path);
    cr_expect_leq (lines, probes + 3, "%d lines for %d drops; see %s", lines, sent,
                   server.log_path);
    s_still_serves ();
}

Test (limits, frames_that_add_up_over_the_limit_get_message_too_large)
{
    static reply_t reply;
    /*  Seven frames of 200 kB each: within the frame count and each far
        under the limit, 1.4 MB together.  */
    cr_assert (s_send_frames (7, 200 * 1000, &reply, 10000));
    cr_expect_eq (reply.kind, REPLY_REJECTION);
    cr_expect_str_eq (reply.problems.items[0].code, "message_too_large");
    cr_expect_eq (reply.request_id, 0);
    cr_expect (harness_server_log_has (&server, "reason=message_too_large bytes=1400000"));
    s_still_serves ();
}

Test (limits, a_body_of_exactly_the_limit_is_answered)
{
    static reply_t reply;
    /*  1 MiB of zeros: not a Request, but it reaches rapord and is
        answered, though CURVE makes its frame 33 bytes longer.  */
    cr_assert (s_send_frames (1, MIB, &reply, 10000), "no reply to a body of 1 MiB");
    cr_expect_eq (reply.kind, REPLY_REJECTION);
    cr_expect_str_eq (reply.problems.items[0].code, "malformed_message");
    /*  One byte more is over the limit, and answered so.  */
    cr_assert (s_send_frames (1, MIB + 1, &reply, 10000), "no reply to a body of 1 MiB + 1");
    cr_expect_str_eq (reply.problems.items[0].code, "message_too_large");
    s_still_serves ();
}
