/*  hall.c: see hall.h.

    libmicrohttpd runs one thread per connection (MHD_USE_THREAD_PER_
    CONNECTION): an /events reader then simply waits on the board for the
    next event, and the connection limit bounds the threads. Their stacks
    are small; nothing here recurses or keeps large buffers on the stack.

    Who may move the ceremony on: anyone who can reach the port. The
    default bind, 127.0.0.1, makes that the presenter's own machine; a
    hall that projects from another machine binds to its own network
    interface and accepts that whoever can reach it can press "next" (it
    can reveal the ranking early, never change it). A web page from
    another origin in the presenter's browser cannot: the POST must carry
    the header X-Rapor-Upacara, which a cross-origin page can only send
    after a CORS preflight that rapor-web never allows, and an Origin
    other than this server's is refused.  */
#include "hall.h"
#include "i18n.h"
#include "assets.h"
#include "log.h"
#include "view.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MEMORY_PER_CONNECTION (32 * 1024)   /*  the request's headers fit in this  */
#define STACK_SIZE (256 * 1024)
#define SSE_KEEPALIVE_MS 15000
#define URL_MAX 256

/*  No inline script or style anywhere: the pages load hall.js and
    app.css from here, and nothing from elsewhere.  */
#define CSP "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " \
            "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

struct _hall_t {
    struct MHD_Daemon *daemon;
    board_t *board;
    feed_t *feed;
    int fd;
    char url[128];
    char authority[96];         /*  "127.0.0.1:8080"  */
};

static void
s_mhd_log (void *arg, const char *format, va_list args)
{
    (void) arg;
    char line[512];
    vsnprintf (line, sizeof line, format, args);
    size_t n = strlen (line);
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    log_warn ("http: %s", line);
}

static void
s_headers (struct MHD_Response *response, const char *type)
{
    MHD_add_response_header (response, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header (response, "Content-Security-Policy", CSP);
    MHD_add_response_header (response, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header (response, "Referrer-Policy", "no-referrer");
    MHD_add_response_header (response, "X-Frame-Options", "DENY");
    MHD_add_response_header (response, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
}

/*  Sends `data` (taken: freed by libmicrohttpd) with `status`.  */
static enum MHD_Result
s_send (struct MHD_Connection *c, unsigned status, const char *type, char *data, size_t size)
{
    struct MHD_Response *response =
        MHD_create_response_from_buffer (size, data, MHD_RESPMEM_MUST_FREE);
    if (!response) {
        free (data);
        return MHD_NO;
    }
    s_headers (response, type);
    enum MHD_Result rc = MHD_queue_response (c, status, response);
    MHD_destroy_response (response);
    return rc;
}

static enum MHD_Result
s_send_static (struct MHD_Connection *c, unsigned status, const char *type,
               const void *data, size_t size)
{
    struct MHD_Response *response =
        MHD_create_response_from_buffer (size, (void *) data, MHD_RESPMEM_PERSISTENT);
    if (!response)
        return MHD_NO;
    s_headers (response, type);
    enum MHD_Result rc = MHD_queue_response (c, status, response);
    MHD_destroy_response (response);
    return rc;
}

/*  A JSON error: {"error":"..."} with a fixed sentence (no request text).  */
static enum MHD_Result
s_error (struct MHD_Connection *c, unsigned status, const char *sentence)
{
    size_t size = strlen (sentence) + 16;
    char *body = malloc (size);
    if (!body)
        return MHD_NO;
    snprintf (body, size, "{\"error\":\"%s\"}", sentence);
    return s_send (c, status, "application/json; charset=utf-8", body, strlen (body));
}

/*  `json` as rendered into a new buffer with its length in *size (both
    filled by the same call, evaluated before this one).  */
static enum MHD_Result
s_json (struct MHD_Connection *c, char *json, const size_t *size, const char *missing)
{
    if (!json)
        return s_error (c, MHD_HTTP_NOT_FOUND, missing);
    return s_send (c, MHD_HTTP_OK, "application/json; charset=utf-8", json, *size);
}

static enum MHD_Result
s_page (struct MHD_Connection *c, const char *name)
{
    const asset_t *a = assets_find (name);
    if (!a)
        return s_error (c, MHD_HTTP_NOT_FOUND, "tidak ada");
    return s_send_static (c, MHD_HTTP_OK, a->type, a->data, a->size);
}

/*  --- Server-Sent Events ---------------------------------------------  */

typedef struct {
    board_t *board;
    uint64_t cursor;
    char *pending;              /*  text not yet handed to libmicrohttpd  */
    size_t offset;
} s_stream_t;

static ssize_t
s_stream_read (void *arg, uint64_t pos, char *buf, size_t max)
{
    (void) pos;
    s_stream_t *s = arg;
    while (!s->pending) {
        bool closed = false;
        s->pending = board_events (s->board, &s->cursor, SSE_KEEPALIVE_MS, &closed);
        if (closed)
            return MHD_CONTENT_READER_END_OF_STREAM;
        if (!s->pending)
            s->pending = strdup (": keepalive\n\n");    /*  a comment keeps proxies and timeouts quiet  */
        if (!s->pending)
            return MHD_CONTENT_READER_END_WITH_ERROR;
        s->offset = 0;
    }
    size_t left = strlen (s->pending + s->offset);
    size_t n = left < max ? left : max;
    memcpy (buf, s->pending + s->offset, n);
    s->offset += n;
    if (s->offset == strlen (s->pending)) {
        free (s->pending);
        s->pending = NULL;
    }
    return (ssize_t) n;
}

static void
s_stream_free (void *arg)
{
    s_stream_t *s = arg;
    free (s->pending);
    free (s);
}

static enum MHD_Result
s_events (hall_t *self, struct MHD_Connection *c)
{
    s_stream_t *s = calloc (1, sizeof *s);
    if (!s)
        return MHD_NO;
    s->board = self->board;
    s->cursor = board_event_last (self->board);
    /*  The page reconnects after a second if the stream breaks.  */
    s->pending = strdup ("retry: 1000\n\n");
    struct MHD_Response *response =
        MHD_create_response_from_callback (MHD_SIZE_UNKNOWN, 4096, s_stream_read, s,
                                           s_stream_free);
    if (!response) {
        s_stream_free (s);
        return MHD_NO;
    }
    s_headers (response, "text/event-stream; charset=utf-8");
    enum MHD_Result rc = MHD_queue_response (c, MHD_HTTP_OK, response);
    MHD_destroy_response (response);
    return rc;
}

/*  --- routes ----------------------------------------------------------  */

/*  The rest of `url` after `prefix`, if it is a safe code: letters,
    digits, '-' and '_', 1 to 16 of them. NULL otherwise.  */
static const char *
s_code_after (const char *url, const char *prefix)
{
    size_t n = strlen (prefix);
    if (strncmp (url, prefix, n) != 0)
        return NULL;
    const char *code = url + n;
    size_t len = strspn (code, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
    return len >= 1 && len <= 16 && code[len] == '\0' ? code : NULL;
}

/*  A POST that moves the ceremony: only from this server's own pages.  */
static bool
s_step_allowed (struct MHD_Connection *c)
{
    const char *marker = MHD_lookup_connection_value (c, MHD_HEADER_KIND, "X-Rapor-Upacara");
    const char *origin = MHD_lookup_connection_value (c, MHD_HEADER_KIND, "Origin");
    const char *host = MHD_lookup_connection_value (c, MHD_HEADER_KIND, "Host");
    if (!marker)
        return false;
    if (origin && host) {
        char expect[160];
        snprintf (expect, sizeof expect, "http://%s", host);
        return strcmp (origin, expect) == 0;
    }
    return !origin;
}

static enum MHD_Result
s_get (hall_t *self, struct MHD_Connection *c, const char *url)
{
    size_t size = 0;
    const char *code;
    if (strcmp (url, "/") == 0)
        return s_page (c, "/static/hall.html");
    if (strcmp (url, "/upacara") == 0)
        return s_page (c, "/static/upacara.html");
    if (s_code_after (url, "/opd/"))
        return s_page (c, "/static/opd.html");
    if (strncmp (url, "/static/", 8) == 0 && strstr (url, ".html") == NULL)
        return s_page (c, url);
    if (strcmp (url, "/api/ranking") == 0)
        return s_json (c, board_ranking_json (self->board, NULL, &size), &size,
                       "belum ada peringkat final");
    if ((code = s_code_after (url, "/api/ranking/")) != NULL)
        return s_json (c, board_ranking_json (self->board, code, &size), &size,
                       "peringkat periode ini tidak ada");
    if (strcmp (url, "/api/status") == 0)
        return s_json (c, board_status_json (self->board, &size), &size, "tidak ada");
    if ((code = s_code_after (url, "/api/opd/")) != NULL)
        return s_json (c, board_opd_json (self->board, code, &size), &size,
                       "OPD ini tidak ada dalam peringkat final");
    if (strcmp (url, "/api/upacara") == 0)
        return s_json (c, board_upacara_json (self->board, 0, &size), &size, "tidak ada");
    if (strcmp (url, "/api/components") == 0)
        return s_json (c, view_components (&size), &size, "tidak ada");
    if (strcmp (url, "/events") == 0)
        return s_events (self, c);
    return s_error (c, MHD_HTTP_NOT_FOUND, "tidak ada");
}

static enum MHD_Result
s_post (hall_t *self, struct MHD_Connection *c, const char *url)
{
    int step = strcmp (url, "/api/upacara/next") == 0 ? 1
             : strcmp (url, "/api/upacara/prev") == 0 ? -1 : 0;
    if (!step)
        return s_error (c, MHD_HTTP_NOT_FOUND, "tidak ada");
    if (!s_step_allowed (c))
        return s_error (c, MHD_HTTP_FORBIDDEN, "langkah upacara hanya dari halaman /upacara");
    size_t size = 0;
    char *json = board_upacara_json (self->board, step, &size);
    if (self->feed)
        feed_save (self->feed);     /*  a reload, or a restart, resumes here  */
    return s_json (c, json, &size, "belum ada peringkat final");
}

/*  Requests carry no body: any upload is refused, and MHD's per-
    connection memory limit bounds the headers and the URL.  */
static enum MHD_Result
s_request (void *arg, struct MHD_Connection *c, const char *url, const char *method,
           const char *version, const char *upload_data, size_t *upload_data_size,
           void **state)
{
    (void) version;
    (void) upload_data;
    hall_t *self = arg;
    static int marker;
    if (!*state) {              /*  first call: headers only  */
        *state = &marker;
        const char *length = MHD_lookup_connection_value (c, MHD_HEADER_KIND,
                                                          MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (length && strcmp (length, "0") != 0)
            return s_error (c, MHD_HTTP_CONTENT_TOO_LARGE, "permintaan tidak boleh berisi data");
        if (strcmp (method, "POST") == 0)
            return MHD_YES;     /*  answered once the (empty) body is read  */
    }
    if (*upload_data_size) {
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (strlen (url) > URL_MAX)
        return s_error (c, MHD_HTTP_URI_TOO_LONG, "alamat terlalu panjang");
    if (strcmp (method, "GET") == 0 || strcmp (method, "HEAD") == 0)
        return s_get (self, c, url);
    if (strcmp (method, "POST") == 0)
        return s_post (self, c, url);
    return s_error (c, MHD_HTTP_METHOD_NOT_ALLOWED, "hanya GET dan POST");
}

/*  Binds `listen` ("HOST:PORT", "[V6]:PORT") ourselves, so that a taken
    port is told in plain words.  */
static int
s_bind (hall_t *self, const char *listen_on, char *err, size_t err_size)
{
    char host[64] = "";
    unsigned port = 0;
    const char *colon = strrchr (listen_on, ':');
    size_t hlen = colon ? (size_t) (colon - listen_on) : 0;
    if (!colon || hlen == 0 || hlen >= sizeof host || sscanf (colon + 1, "%u", &port) != 1
    ||  port > 65535 || strspn (colon + 1, "0123456789") != strlen (colon + 1)) {
        snprintf (err, err_size, _("cannot use listen address '%s': write it as HOST:PORT, "
                  "for example 127.0.0.1:8080"), listen_on);
        return -1;
    }
    memcpy (host, listen_on, hlen);
    host[hlen] = '\0';
    bool v6 = host[0] == '[';
    if (v6) {
        memmove (host, host + 1, strlen (host));
        host[strcspn (host, "]")] = '\0';
    }
    struct sockaddr_storage addr;
    memset (&addr, 0, sizeof addr);
    socklen_t len;
    if (v6) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *) &addr;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons ((uint16_t) port);
        len = sizeof *a;
        if (inet_pton (AF_INET6, host, &a->sin6_addr) != 1)
            len = 0;
    }
    else {
        struct sockaddr_in *a = (struct sockaddr_in *) &addr;
        a->sin_family = AF_INET;
        a->sin_port = htons ((uint16_t) port);
        len = sizeof *a;
        if (inet_pton (AF_INET, host, &a->sin_addr) != 1)
            len = 0;
    }
    if (!len) {
        snprintf (err, err_size, _("cannot use listen address '%s': '%s' is not an IP address"),
                  listen_on, host);
        return -1;
    }
    int fd = socket (addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int on = 1;
    if (fd >= 0)
        setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (fd < 0 || bind (fd, (struct sockaddr *) &addr, len) != 0 || listen (fd, 64) != 0) {
        int e = errno;
        snprintf (err, err_size, _("cannot listen on %s: %s%s"), listen_on, strerror (e),
                  e == EADDRINUSE ? _(" (another program uses this port; stop it or choose "
                                      "another with --listen)") : "");
        if (fd >= 0)
            close (fd);
        return -1;
    }
    /*  Port 0 asks the system for one: say which.  */
    getsockname (fd, (struct sockaddr *) &addr, &len);
    port = ntohs (v6 ? ((struct sockaddr_in6 *) &addr)->sin6_port
                     : ((struct sockaddr_in *) &addr)->sin_port);
    snprintf (self->authority, sizeof self->authority, v6 ? "[%s]:%u" : "%s:%u", host, port);
    snprintf (self->url, sizeof self->url, "http://%s/", self->authority);
    return fd;
}

hall_t *
hall_new (const hall_options_t *o, board_t *board, feed_t *feed, char *err, size_t err_size)
{
    hall_t *self = calloc (1, sizeof *self);
    if (!self) {
        snprintf (err, err_size, _("out of memory"));
        return NULL;
    }
    self->board = board;
    self->feed = feed;
    self->fd = s_bind (self, o->listen, err, err_size);
    if (self->fd < 0) {
        free (self);
        return NULL;
    }
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD
                   | MHD_USE_ERROR_LOG;
    self->daemon = MHD_start_daemon (flags, 0, NULL, NULL, s_request, self,
        MHD_OPTION_EXTERNAL_LOGGER, s_mhd_log, NULL,
        MHD_OPTION_LISTEN_SOCKET, (MHD_socket) self->fd,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned int) o->max_connections,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int) o->per_ip_connections,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t) MEMORY_PER_CONNECTION,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int) o->timeout_s,
        MHD_OPTION_THREAD_STACK_SIZE, (size_t) STACK_SIZE,
        MHD_OPTION_END);
    if (!self->daemon) {
        snprintf (err, err_size, _("cannot start the HTTP server on %s"), o->listen);
        close (self->fd);
        free (self);
        return NULL;
    }
    return self;
}

const char *
hall_url (const hall_t *self)
{
    return self->url;
}

void
hall_destroy (hall_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    hall_t *self = *self_p;
    MHD_stop_daemon (self->daemon);     /*  closes the listening socket too  */
    free (self);
    *self_p = NULL;
}
