/*  served.h: the fixture most integration suites share. Include it once
    per test file; each test gets a fresh database and its own rapord in
    `db` and `server`, stopped with SIGTERM afterwards.  */
#ifndef RAPOR_SERVED_H
#define RAPOR_SERVED_H

#include "harness.h"

#include <criterion/criterion.h>
#include <signal.h>

static test_db_t db;
static test_server_t server;
static test_run_t run __attribute__ ((unused));

static void
served_setup (void)
{
    cr_assert (harness_start (&db, &server));
}

/*  A rapord that the test left running must stop cleanly: exit status 0
    on SIGTERM (a systemd stop), no sanitizer report at exit. The harness
    prints the end of its log when it does not.  */
static void
served_teardown (void)
{
    if (server.pid > 0)
        cr_expect_eq (harness_server_stop (&server, SIGTERM), 0,
                      "rapord did not exit 0 on SIGTERM; the end of its log is above");
}

#define SERVED_SUITE(name) \
    TestSuite (name, .init = served_setup, .fini = served_teardown, .timeout = 120)

#endif
