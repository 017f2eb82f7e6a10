/*  rapor-web, the hall screen, against a real rapord and PostgreSQL, and
    driven in a real headless Chromium (tests/web/browser.py, Selenium
    from Debian): the hall page, ceremony mode, an OPD's card, a
    finalization arriving through Server-Sent Events, the XSS name. The
    tests without a browser check what the HTTP side refuses and how
    rapor-web fails to start.  */
#include "clock.h"
#include "served.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <time.h>
#include <unistd.h>

SERVED_SUITE (web);

#define XSS_NAME "<script>alert(1)</script>"

typedef struct {
    pid_t pid;
    char log[128];
    char state[128];
    char url[128];          /*  http://127.0.0.1:PORT/  */
    int port;
} web_t;

/*  Starts rapor-web on an ephemeral port with the dashboard key and
    waits for it to say where it listens.  */
static bool
s_web_start (web_t *w, const char *key, const char *state)
{
    memset (w, 0, sizeof *w);
    snprintf (w->log, sizeof w->log, "/tmp/rapor-web-log-XXXXXX");
    close (mkstemp (w->log));
    if (state)
        snprintf (w->state, sizeof w->state, "%s", state);
    else {
        snprintf (w->state, sizeof w->state, "/tmp/rapor-web-state-XXXXXX");
        close (mkstemp (w->state));
        unlink (w->state);
    }
    static char k[700];
    snprintf (k, sizeof k, "%s", key ? key : harness_key ("DISKOMINFO", "dashboard"));
    const char *argv[] = { RAPOR_WEB_PATH, "--listen", "127.0.0.1:0", "--server",
                           server.endpoint, "--broadcast", server.pub_endpoint, "--key", k,
                           "--server-key", harness_server_key (), "--state", w->state,
                           "--timeout-ms", "2000", NULL };
    w->pid = harness_spawn (argv, w->log);
    if (w->pid < 0)
        return false;
    long deadline = clock_now_ms () + 15000;
    while (clock_now_ms () < deadline) {
        const char *at = strstr (harness_read_file (w->log), "url=http://127.0.0.1:");
        if (at) {
            w->port = atoi (at + strlen ("url=http://127.0.0.1:"));
            snprintf (w->url, sizeof w->url, "http://127.0.0.1:%d/", w->port);
            return w->port > 0;
        }
        usleep (20000);         /*  polling a log file, not waiting out an event  */
    }
    return false;
}

static int
s_web_stop (web_t *w)
{
    if (w->pid <= 0)
        return -1;
    kill (w->pid, SIGTERM);
    int status = harness_wait (w->pid, 15000);
    w->pid = 0;
    return status;
}

/*  One raw HTTP exchange; the whole answer (status line, headers, body)
    into buf. Returns the status code, or -1.  */
static int
s_http (int port, const char *request, char *buf, size_t size)
{
    int fd = socket (AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons ((uint16_t) port) };
    inet_pton (AF_INET, "127.0.0.1", &a.sin_addr);
    struct timeval tv = { 10, 0 };
    setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (fd < 0 || connect (fd, (struct sockaddr *) &a, sizeof a) != 0) {
        if (fd >= 0)
            close (fd);
        return -1;
    }
    size_t len = strlen (request);
    if (write (fd, request, len) != (ssize_t) len) {
        close (fd);
        return -1;
    }
    size_t got = 0;
    ssize_t n;
    while (got + 1 < size && (n = read (fd, buf + got, size - 1 - got)) > 0)
        got += (size_t) n;
    buf[got] = '\0';
    close (fd);
    int code = -1;
    if (sscanf (buf, "HTTP/1.%*d %d", &code) != 1)
        return -1;
    return code;
}

static int
s_get (const web_t *w, const char *path, char *buf, size_t size)
{
    char request[512];
    snprintf (request, sizeof request, "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
              "Connection: close\r\n\r\n", path, w->port);
    return s_http (w->port, request, buf, size);
}

/*  Waits until GET path answers 200 with `text` in it.  */
static bool
s_wait_get (const web_t *w, const char *path, const char *text, long timeout_ms)
{
    static char buf[1 << 18];
    long deadline = clock_now_ms () + timeout_ms;
    while (clock_now_ms () < deadline) {
        if (s_get (w, path, buf, sizeof buf) == 200 && strstr (buf, text))
            return true;
        usleep (50000);         /*  polling a page, not waiting out an event  */
    }
    return false;
}

/*  A quarter worth showing: every active OPD (and one named like an
    attack) has six verified scores in 2024-Q1, which is then finalized
    (sequence 2, after the fixture's 2023-Q4).  */
static void
s_finalized_quarter (void)
{
    cr_assert_eq (harness_db_command (&db, "INSERT INTO opds (code, name, kind) VALUES "
                                           "('XSS', '" XSS_NAME "', 'kantor')"), 0);
    cr_assert_geq (harness_db_number (&db,
        "WITH s AS (INSERT INTO submissions (submission_uuid, period_id, opd_id, content_sha256,"
        "    request_id, kind, submitter_opd_id)"
        "  SELECT substring(sha256(('w' || o.id)::bytea) FROM 1 FOR 16), p.id, o.id,"
        "         sha256(('w' || o.id)::bytea), 0, 'verified', o.id"
        "    FROM opds o, periods p WHERE p.code = '2024-Q1' AND o.active RETURNING id, opd_id),"
        " sc AS (INSERT INTO scores (submission_id, component_id, score_centi)"
        "  SELECT s.id, c.id, 4000 + (s.opd_id * 37 + c.id * 101) % 6001"
        "    FROM s, components c RETURNING 1)"
        " SELECT count(*) FROM sc"), 60);
    harness_admin (&run, &server, "finalize", "2024-Q1", NULL);
    cr_assert_eq (run.status, 0, "%s", run.output);
}

static bool
s_have_browser (void)
{
    if (access ("/usr/bin/chromium", X_OK) != 0 || access ("/usr/bin/chromedriver", X_OK) != 0)
        return false;
    const char *argv[] = { "/usr/bin/python3", "-c", "import selenium", NULL };
    test_run_t r;
    return harness_run (&r, argv) == 0;
}

Test (web, the_hall_screen_in_a_real_browser, .timeout = 300)
{
    if (!s_have_browser ())
        cr_skip_test ("chromium, chromium-driver or python3-selenium is not installed "
                      "(deploy/install-deps installs them)");
    s_finalized_quarter ();
    web_t w;
    cr_assert (s_web_start (&w, NULL, NULL), "rapor-web did not start: %s", harness_read_file (w.log));
    cr_assert (s_wait_get (&w, "/api/ranking", "\"period\":\"2024-Q1\"", 20000),
               "rapor-web never held the ranking: %s", harness_read_file (w.log));

    /*  What the browser script runs to finalize while the page is open.  */
    char commands[4096];
    snprintf (commands, sizeof commands,
              "[[\"%s\",\"--server\",\"%s\",\"--key\",\"%s\",\"--server-key\",\"%s\","
              "\"close\",\"2024-Q2\"],"
              "[\"%s\",\"--server\",\"%s\",\"--key\",\"%s\",\"--server-key\",\"%s\","
              "\"finalize\",\"2024-Q2\",\"--force\",\"uji layar aula\"]]",
              RAPOR_ADMIN_PATH, server.endpoint, harness_key ("INSPEKTORAT", "inspectorate"),
              harness_server_key (), RAPOR_ADMIN_PATH, server.endpoint,
              harness_key ("INSPEKTORAT", "inspectorate"), harness_server_key ());
    setenv ("RAPOR_TEST_FINALIZE", commands, 1);
    char out[] = "/tmp/rapor-web-browser-XXXXXX";
    close (mkstemp (out));
    const char *argv[] = { "/usr/bin/python3", harness_source_path ("tests/web/browser.py"),
                           w.url, RAPOR_WEB_SHOTS, XSS_NAME, NULL };
    pid_t browser = harness_spawn (argv, out);
    int status = harness_wait (browser, 240000);
    cr_expect_eq (status, 0, "the browser test failed (%d):\n%s\nrapor-web's log:\n%s", status,
                  harness_read_file (out), harness_read_file (w.log));
    cr_expect_eq (s_web_stop (&w), 0, "rapor-web did not stop cleanly: %s", harness_read_file (w.log));
    unlink (out);
    unlink (w.state);
    unlink (w.log);
}

Test (web, refuses_what_it_does_not_serve)
{
    s_finalized_quarter ();
    web_t w;
    cr_assert (s_web_start (&w, NULL, NULL), "rapor-web did not start: %s", harness_read_file (w.log));
    cr_assert (s_wait_get (&w, "/api/ranking", "\"period\":\"2024-Q1\"", 20000),
               "rapor-web never held the ranking: %s", harness_read_file (w.log));
    static char buf[1 << 18];
    /*  The name from the database never reaches a reply as markup.  */
    cr_expect_eq (s_get (&w, "/api/ranking", buf, sizeof buf), 200);
    cr_expect_null (strstr (buf, "<script>"), "a raw <script> in the JSON");
    cr_expect (strstr (buf, "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"), "%.300s", buf);
    cr_expect (strstr (buf, "Content-Security-Policy: default-src 'none'; script-src 'self'"),
               "no CSP header: %.600s", buf);
    cr_expect (strstr (buf, "\"digest_check\":\"ok\""), "%.300s", buf);
    /*  The ceremony has not begun: its API names no OPD at all.  */
    cr_expect_eq (s_get (&w, "/api/upacara", buf, sizeof buf), 200);
    cr_expect (strstr (buf, "\"revealed\":0,\"entries\":[]"), "%s", buf);
    /*  A step from another origin, or without the page's header, is refused.  */
    char request[512];
    snprintf (request, sizeof request, "POST /api/upacara/next HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
              "Content-Length: 0\r\nConnection: close\r\n\r\n", w.port);
    cr_expect_eq (s_http (w.port, request, buf, sizeof buf), 403, "%s", buf);
    snprintf (request, sizeof request, "POST /api/upacara/next HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
              "X-Rapor-Upacara: 1\r\nOrigin: http://evil.example\r\nContent-Length: 0\r\n"
              "Connection: close\r\n\r\n", w.port);
    cr_expect_eq (s_http (w.port, request, buf, sizeof buf), 403, "%s", buf);
    snprintf (request, sizeof request, "POST /api/upacara/next HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
              "X-Rapor-Upacara: 1\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
              w.port);
    cr_expect_eq (s_http (w.port, request, buf, sizeof buf), 413, "%s", buf);
    snprintf (request, sizeof request, "POST /api/upacara/next HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
              "X-Rapor-Upacara: 1\r\nOrigin: http://127.0.0.1:%d\r\nContent-Length: 0\r\n"
              "Connection: close\r\n\r\n", w.port, w.port);
    cr_expect_eq (s_http (w.port, request, buf, sizeof buf), 200, "%s", buf);
    cr_expect (strstr (buf, "\"revealed\":1,"), "%s", buf);
    snprintf (request, sizeof request, "DELETE /api/upacara HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
              "Connection: close\r\n\r\n", w.port);
    cr_expect_eq (s_http (w.port, request, buf, sizeof buf), 405, "%s", buf);
    cr_expect_eq (s_get (&w, "/static/../../etc/passwd", buf, sizeof buf), 404);
    cr_expect_eq (s_get (&w, "/static/hall.html", buf, sizeof buf), 404, "pages only by route");
    /*  A huge request line is cut off by the per-connection memory limit.  */
    static char huge[70000];
    memset (huge, 'a', sizeof huge);
    memcpy (huge, "GET /", 5);
    snprintf (huge + 60000, sizeof huge - 60000, " HTTP/1.1\r\nHost: x\r\n\r\n");
    int code = s_http (w.port, huge, buf, sizeof buf);
    cr_expect (code == 414 || code == 431 || code == -1, "a 60 kB URL got %d", code);

    /*  The ceremony's position survives a restart (the state file).  */
    cr_expect_eq (s_web_stop (&w), 0, "%s", harness_read_file (w.log));
    char state[128];
    snprintf (state, sizeof state, "%s", w.state);
    cr_expect (strstr (harness_read_file (state), "upacara 2024-Q1 1\n"), "state: %s", harness_read_file (state));
    web_t again;
    cr_assert (s_web_start (&again, NULL, state), "%s", harness_read_file (again.log));
    cr_expect (s_wait_get (&again, "/api/upacara", "\"revealed\":1,", 20000),
               "the ceremony did not resume: %s", harness_read_file (again.log));
    cr_expect_eq (s_web_stop (&again), 0, "%s", harness_read_file (again.log));
    unlink (state);
    unlink (w.log);
    unlink (again.log);
}

Test (web, a_taken_port_or_a_wrong_key_stops_it_with_a_reason)
{
    web_t w;
    cr_assert (s_web_start (&w, NULL, NULL), "rapor-web did not start: %s", harness_read_file (w.log));
    char listen_on[64];
    snprintf (listen_on, sizeof listen_on, "127.0.0.1:%d", w.port);
    static char key[700];
    snprintf (key, sizeof key, "%s", harness_key ("DISKOMINFO", "dashboard"));
    const char *argv[] = { RAPOR_WEB_PATH, "--listen", listen_on, "--server", server.endpoint,
                           "--broadcast", server.pub_endpoint, "--key", key, "--server-key",
                           harness_server_key (), NULL };
    test_run_t r;
    cr_expect_eq (harness_run (&r, argv), 1, "%s", r.output);
    cr_expect (strstr (r.output, "Address already in use"), "%s", r.output);
    cr_expect_eq (s_web_stop (&w), 0);
    unlink (w.state);

    snprintf (key, sizeof key, "%s/stranger_secret", harness_keys_dir ());
    const char *stranger[] = { RAPOR_WEB_PATH, "--listen", "127.0.0.1:0", "--server",
                               server.endpoint, "--broadcast", server.pub_endpoint, "--key", key,
                               "--server-key", harness_server_key (), "--timeout-ms", "1000",
                               NULL };
    cr_expect_eq (harness_run (&r, stranger), 4, "%s", r.output);
    cr_expect (strstr (r.output, "refused this screen's key"), "%s", r.output);
    unlink (w.log);
}
