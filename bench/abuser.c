/*  rapor-bench-abuser: one abusive client of rapord, for SECONDS, built on
    raw libzmq (and raw sockets) so that it does what no Rapor tool would.
    rapor-bench-abuse starts several at once and measures an honest OPD
    meanwhile. At the end it prints one line of counts: what the abuse
    achieved, so that a reader can tell a flood that ran from one that
    did not.

    usage: rapor-bench-abuser MODE ENDPOINT SECONDS [SERVER_KEY [SECRET_CERT]]
    SERVER_KEY is rapord's public key (Z85, or its certificate's path for
    the registered modes).
    MODE:
      unknown-key       connections with fresh CURVE keys nobody registered
      wrong-server-key  connections that expect another server's key
      plaintext         connections without CURVE, each sending a ping
      half-open         1,000 TCP connections that never speak ZMTP
      malformed         a registered key sending undecodable bodies non-stop
      big-message       a registered key sending one message of 300 x 1 MB
      busy              no connection at all: spins on the CPU, the control
                        that shows what a process merely sharing the cores
                        costs the measured OPD
    With RAPOR_BENCH_ABUSER_SOURCE=ADDRESS (rapor-bench-abuse sets 127.0.0.2
    on loopback) every connection comes from that address, so that a
    per-address budget can tell the abusers from the OPD it measures.
    With RAPOR_BENCH_ABUSER_CPU=N the abuser runs on CPU N only: a model
    of an attacker whose own CPU is not the server's (run-abuse.sh's
    RAPOR_BENCH_SPLIT=1 puts everything else on the other CPUs).  */
/*  sched_setaffinity and cpu_set_t are GNU extensions.  */
#define _GNU_SOURCE
#include "clock.h"
#include "codec.h"
#include "keys.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zmq.h>

#define IN_FLIGHT 8             /*  connections a churning process keeps open at once  */
#define CONNECTION_MS 200       /*  the longest it waits for the server to end one  */
#define HALF_OPEN 1000
#define BIG_FRAMES 300
#define BIG_FRAME_BYTES 1000000

/*  Varint tag of field 16 (wire type 2), then a length of 2^32 - 1:
    no request can be decoded from it.  */
static const uint8_t s_malformed[] = { 0x82, 0x01, 0xff, 0xff, 0xff, 0xff, 0x0f };

typedef struct {
    const char *mode;
    const char *endpoint;       /*  with the source address, if one is set  */
    const char *source;
    int64_t deadline_ms;
    curve_t curve;              /*  for the modes that use CURVE  */
    void *ctx;
    long attempts, refused, failed, succeeded, timed_out, replies, unavailable, rejected;
} abuser_t;

typedef struct {
    void *socket, *monitor;
    int64_t opened_ms;
} slot_t;

static int s_monitors;

/*  A ping request's bytes, sent on each churned connection: a peer that
    gets through the handshake would cost rapord a request too.  */
static uint8_t *
s_ping (size_t *size)
{
    static request_t request;
    request.version = PROTOCOL_VERSION;
    request.request_id = 1;
    request.kind = REQUEST_PING;
    return codec_request_encode (&request, size);
}

static void
s_slot_close (slot_t *slot)
{
    if (slot->monitor) {
        zmq_socket_monitor (slot->socket, NULL, 0);
        zmq_close (slot->monitor);
    }
    if (slot->socket)
        zmq_close (slot->socket);
    slot->socket = slot->monitor = NULL;
}

/*  A new connection in this abuser's mode, with a monitor that says when
    the server has ended it.  */
static int
s_slot_open (abuser_t *self, slot_t *slot, const uint8_t *ping, size_t ping_size)
{
    slot->socket = zmq_socket (self->ctx, ZMQ_DEALER);
    int linger = 0, on = 1;
    zmq_setsockopt (slot->socket, ZMQ_LINGER, &linger, sizeof linger);
    if (strcmp (self->mode, "plaintext") != 0) {
        char public_key[41], secret_key[41], server_key[41], ignored[41];
        zmq_curve_keypair (public_key, secret_key);
        if (strcmp (self->mode, "wrong-server-key") == 0)
            zmq_curve_keypair (server_key, ignored);
        else
            memcpy (server_key, self->curve.server_key, 41);
        zmq_setsockopt (slot->socket, ZMQ_CURVE_SERVERKEY, server_key, 40);
        zmq_setsockopt (slot->socket, ZMQ_CURVE_PUBLICKEY, public_key, 40);
        zmq_setsockopt (slot->socket, ZMQ_CURVE_SECRETKEY, secret_key, 40);
    }
    zmq_setsockopt (slot->socket, ZMQ_IMMEDIATE, &on, sizeof on);
    char name[64];
    snprintf (name, sizeof name, "inproc://abuser-%d", ++s_monitors);
    int events = ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL
               | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH
               | ZMQ_EVENT_DISCONNECTED;
    slot->monitor = zmq_socket (self->ctx, ZMQ_PAIR);
    if (zmq_socket_monitor (slot->socket, name, events) != 0
    ||  zmq_connect (slot->monitor, name) != 0
    ||  zmq_connect (slot->socket, self->endpoint) != 0) {
        s_slot_close (slot);
        return -1;
    }
    /*  Queued until the handshake completes; dropped with the socket if not.  */
    zmq_send (slot->socket, "", 0, ZMQ_SNDMORE | ZMQ_DONTWAIT);
    zmq_send (slot->socket, ping, ping_size, ZMQ_DONTWAIT);
    slot->opened_ms = clock_now_ms ();
    self->attempts++;
    return 0;
}

/*  Reads one monitor event; true if it ends the connection's use.  */
static bool
s_slot_event (abuser_t *self, slot_t *slot)
{
    zmq_msg_t event;
    zmq_msg_init (&event);
    uint16_t code = 0;
    if (zmq_msg_recv (&event, slot->monitor, ZMQ_DONTWAIT) >= 0 && zmq_msg_size (&event) >= 2)
        memcpy (&code, zmq_msg_data (&event), 2);
    bool more = zmq_msg_more (&event);
    zmq_msg_close (&event);
    if (more) {
        zmq_msg_init (&event);
        zmq_msg_recv (&event, slot->monitor, 0);
        zmq_msg_close (&event);
    }
    if (code == ZMQ_EVENT_HANDSHAKE_SUCCEEDED) {
        self->succeeded++;      /*  kept: the queued ping goes out, its reply is counted  */
        return false;
    }
    if (code == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH)
        self->refused++;
    else if (code)
        self->failed++;
    return code != 0;
}

/*  unknown-key, wrong-server-key, plaintext: IN_FLIGHT connections at a
    time, each replaced as soon as the server ends it or CONNECTION_MS
    passes. A refusal that the server makes cheaply is then repeated at
    once; one it makes silently still costs the flood nothing.  */
static void
s_churn (abuser_t *self)
{
    size_t ping_size = 0;
    uint8_t *ping = s_ping (&ping_size);
    slot_t slots[IN_FLIGHT] = { { 0 } };
    zmq_pollitem_t items[2 * IN_FLIGHT];
    while (clock_now_ms () < self->deadline_ms) {
        for (int i = 0; i < IN_FLIGHT; i++)
            if (!slots[i].socket && s_slot_open (self, &slots[i], ping, ping_size) != 0)
                zmq_poll (NULL, 0, 10);     /*  out of sockets: let some close  */
        for (int i = 0; i < IN_FLIGHT; i++) {
            items[2 * i] = (zmq_pollitem_t) { slots[i].monitor, 0, ZMQ_POLLIN, 0 };
            items[2 * i + 1] = (zmq_pollitem_t) { slots[i].socket, 0, ZMQ_POLLIN, 0 };
        }
        if (zmq_poll (items, 2 * IN_FLIGHT, 10) < 0 && errno != EINTR)
            break;
        int64_t now = clock_now_ms ();
        for (int i = 0; i < IN_FLIGHT; i++) {
            if (!slots[i].socket)
                continue;
            bool done = false;
            if (items[2 * i + 1].revents & ZMQ_POLLIN) {
                self->replies++;    /*  the server answered an unauthenticated ping  */
                done = true;
            }
            if (items[2 * i].revents & ZMQ_POLLIN)
                done = s_slot_event (self, &slots[i]) || done;
            if (!done && now - slots[i].opened_ms >= CONNECTION_MS) {
                self->timed_out++;
                done = true;
            }
            if (done)
                s_slot_close (&slots[i]);
        }
    }
    for (int i = 0; i < IN_FLIGHT; i++)
        s_slot_close (&slots[i]);
    free (ping);
}

static int
s_tcp_open (const struct addrinfo *to, const struct addrinfo *from)
{
    int fd = socket (to->ai_family, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return -1;
    if (from && bind (fd, from->ai_addr, from->ai_addrlen) != 0) {
        close (fd);
        return -1;
    }
    if (connect (fd, to->ai_addr, to->ai_addrlen) != 0 && errno != EINPROGRESS) {
        close (fd);
        return -1;
    }
    return fd;
}

/*  half-open: HALF_OPEN TCP connections that never send a byte of ZMTP.
    One the server closes is opened again, so that HALF_OPEN stay waiting
    on rapord for the whole run.  */
static void
s_half_open (abuser_t *self)
{
    char host[256];
    const char *port = strrchr (self->endpoint, ':');
    const char *start = strchr (self->endpoint, ';');      /*  after the source  */
    if (!start) {
        start = strstr (self->endpoint, "://");
        start = start ? start + 3 : self->endpoint;
    }
    else
        start++;
    if (!port || port <= start || (size_t) (port - start) >= sizeof host)
        return;
    snprintf (host, sizeof host, "%.*s", (int) (port - start), start);
    struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *to = NULL;
    struct addrinfo *from = NULL;
    if (getaddrinfo (host, port + 1, &hints, &to) != 0)
        return;
    if (self->source && getaddrinfo (self->source, "0", &hints, &from) != 0) {
        freeaddrinfo (to);
        return;
    }
    static struct pollfd fds[HALF_OPEN];
    for (int i = 0; i < HALF_OPEN; i++) {
        fds[i] = (struct pollfd) { .fd = s_tcp_open (to, from), .events = POLLIN };
        self->attempts += fds[i].fd >= 0;
        self->failed += fds[i].fd < 0;
    }
    char sink[4096];
    while (clock_now_ms () < self->deadline_ms) {
        if (poll (fds, HALF_OPEN, 100) < 0 && errno != EINTR)
            break;
        for (int i = 0; i < HALF_OPEN; i++) {
            if (fds[i].fd < 0 || !fds[i].revents)
                continue;
            /*  rapord's greeting is read and dropped; an end of stream or
                an error means rapord gave up on this one.  */
            ssize_t got = recv (fds[i].fd, sink, sizeof sink, MSG_DONTWAIT);
            if (got > 0 || (got < 0 && (errno == EAGAIN || errno == EINTR)))
                continue;
            self->refused++;
            close (fds[i].fd);
            fds[i].fd = s_tcp_open (to, from);
            self->attempts += fds[i].fd >= 0;
        }
    }
    for (int i = 0; i < HALF_OPEN; i++)
        if (fds[i].fd >= 0)
            close (fds[i].fd);
    freeaddrinfo (to);
    if (from)
        freeaddrinfo (from);
}

/*  Counts the replies waiting on a registered abuser's socket by kind.  */
static void
s_drain (abuser_t *self, void *socket, reply_t *reply)
{
    while (true) {
        zmq_msg_t part;
        zmq_msg_init (&part);
        if (zmq_msg_recv (&part, socket, ZMQ_DONTWAIT) < 0) {
            zmq_msg_close (&part);
            return;
        }
        if (zmq_msg_size (&part) > 0) {
            self->replies++;
            if (codec_reply_decode (zmq_msg_data (&part), zmq_msg_size (&part), reply)) {
                self->unavailable += reply->kind == REPLY_UNAVAILABLE;
                self->rejected += reply->kind == REPLY_REJECTION;
            }
            codec_reply_clear (reply);
        }
        zmq_msg_close (&part);
    }
}

static void *
s_registered_socket (abuser_t *self)
{
    void *socket = zmq_socket (self->ctx, ZMQ_DEALER);
    int linger = 0;
    zmq_setsockopt (socket, ZMQ_LINGER, &linger, sizeof linger);
    if (keys_apply (socket, &self->curve) != 0 || zmq_connect (socket, self->endpoint) != 0) {
        zmq_close (socket);
        return NULL;
    }
    return socket;
}

/*  malformed: s_malformed as fast as the socket takes it, replies drained
    as they come.  */
static void
s_malformed_flood (abuser_t *self)
{
    void *socket = s_registered_socket (self);
    reply_t *reply = calloc (1, sizeof *reply);
    while (socket && reply && clock_now_ms () < self->deadline_ms) {
        if (zmq_send (socket, "", 0, ZMQ_SNDMORE | ZMQ_DONTWAIT) == 0) {
            zmq_send (socket, s_malformed, sizeof s_malformed, 0);
            self->attempts++;
        }
        else {
            zmq_pollitem_t item = { socket, 0, ZMQ_POLLIN | ZMQ_POLLOUT, 0 };
            zmq_poll (&item, 1, 10);
        }
        s_drain (self, socket, reply);
    }
    if (socket)
        zmq_close (socket);
    free (reply);
}

/*  big-message: one message of BIG_FRAMES frames of BIG_FRAME_BYTES each
    (every frame under libzmq's per-frame limit), then the reply awaited
    until the end. The frames share one buffer: the abuser stays small.  */
static void
s_big_message (abuser_t *self)
{
    static uint8_t frame[BIG_FRAME_BYTES];
    memset (frame, 'x', sizeof frame);
    void *socket = s_registered_socket (self);
    reply_t *reply = calloc (1, sizeof *reply);
    if (!socket || !reply)
        goto out;
    int64_t timeout = self->deadline_ms - clock_now_ms ();
    int sndtimeo = timeout > 0 ? (int) timeout : 1;
    zmq_setsockopt (socket, ZMQ_SNDTIMEO, &sndtimeo, sizeof sndtimeo);
    bool sent = zmq_send (socket, "", 0, ZMQ_SNDMORE) == 0;
    for (int i = 0; sent && i < BIG_FRAMES; i++) {
        zmq_msg_t msg;
        zmq_msg_init_data (&msg, frame, sizeof frame, NULL, NULL);
        sent = zmq_msg_send (&msg, socket, i + 1 < BIG_FRAMES ? ZMQ_SNDMORE : 0) >= 0;
        if (!sent)
            zmq_msg_close (&msg);
    }
    self->attempts += sent;
    while (clock_now_ms () < self->deadline_ms) {
        zmq_pollitem_t item = { socket, 0, ZMQ_POLLIN, 0 };
        zmq_poll (&item, 1, 100);
        s_drain (self, socket, reply);
    }
out:
    if (socket)
        zmq_close (socket);
    free (reply);
}

int
main (int argc, char **argv)
{
    if (argc < 4) {
        fprintf (stderr, "usage: rapor-bench-abuser MODE ENDPOINT SECONDS "
                         "[SERVER_KEY [SECRET_CERT]]\n");
        return 2;
    }
    const char *cpu = getenv ("RAPOR_BENCH_ABUSER_CPU");
    if (cpu && *cpu) {
        cpu_set_t set;
        CPU_ZERO (&set);
        CPU_SET (atoi (cpu), &set);
        if (sched_setaffinity (0, sizeof set, &set) != 0)
            perror ("rapor-bench-abuser: sched_setaffinity");
    }
    static abuser_t self;
    self.mode = argv[1];
    self.endpoint = argv[2];
    self.source = getenv ("RAPOR_BENCH_ABUSER_SOURCE");
    char endpoint[512];
    if (self.source && *self.source && strncmp (self.endpoint, "tcp://", 6) == 0) {
        /*  libzmq's "tcp://SOURCE:0;DESTINATION" form  */
        snprintf (endpoint, sizeof endpoint, "tcp://%s:0;%s", self.source, self.endpoint + 6);
        self.endpoint = endpoint;
    }
    else
        self.source = NULL;
    self.deadline_ms = clock_now_ms () + (int64_t) (atof (argv[3]) * 1000);
    bool registered = strcmp (self.mode, "malformed") == 0
                   || strcmp (self.mode, "big-message") == 0;
    if (registered) {
        char err[256];
        if (argc < 6 || !keys_load (&self.curve, argv[5], argv[4], err, sizeof err)) {
            fprintf (stderr, "rapor-bench-abuser: %s needs SERVER_KEY and a registered "
                             "SECRET_CERT\n", self.mode);
            return 2;
        }
    }
    else if (argc > 4)          /*  the server's public key, 40 characters of Z85  */
        snprintf (self.curve.server_key, sizeof self.curve.server_key, "%s", argv[4]);
    struct rlimit files;
    if (getrlimit (RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
        files.rlim_cur = files.rlim_max;    /*  half-open needs HALF_OPEN of them  */
        setrlimit (RLIMIT_NOFILE, &files);
    }
    self.ctx = zmq_ctx_new ();
    zmq_ctx_set (self.ctx, ZMQ_BLOCKY, 0);
    if (strcmp (self.mode, "unknown-key") == 0 || strcmp (self.mode, "wrong-server-key") == 0
    ||  strcmp (self.mode, "plaintext") == 0)
        s_churn (&self);
    else if (strcmp (self.mode, "half-open") == 0)
        s_half_open (&self);
    else if (strcmp (self.mode, "malformed") == 0)
        s_malformed_flood (&self);
    else if (strcmp (self.mode, "big-message") == 0)
        s_big_message (&self);
    else if (strcmp (self.mode, "busy") == 0) {
        volatile unsigned long spins = 0;
        while (clock_now_ms () < self.deadline_ms)
            for (int i = 0; i < 1000000; i++)
                spins++;
    }
    else {
        fprintf (stderr, "rapor-bench-abuser: unknown mode '%s'\n", self.mode);
        return 2;
    }
    printf ("attempts=%ld refused=%ld failed=%ld succeeded=%ld timed_out=%ld replies=%ld "
            "rejected=%ld unavailable=%ld\n", self.attempts, self.refused, self.failed,
            self.succeeded, self.timed_out, self.replies, self.rejected, self.unavailable);
    zmq_ctx_term (self.ctx);
    return 0;
}
