/* dropgen - generate packet drops on loopback for the dropwatch e2e harness.
 *
 *   dropgen udp PORT COUNT [RATE [PROCS]]
 *                                   send COUNT UDP datagrams to 127.0.0.1:PORT.
 *                                   With no listener the kernel frees each one in the
 *                                   UDP receive path (reason NO_SOCKET). RATE = packets
 *                                   per second (0 or absent = as fast as possible).
 *                                   PROCS > 1 forks that many senders sharing COUNT (and
 *                                   RATE) between them, all started at the same moment.
 *   dropgen udpmm PORT COUNT [RATE [PROCS]]
 *                                   the same with sendmmsg(2) in batches of 64 (fewer
 *                                   syscalls per datagram: a faster storm from one process).
 *   dropgen tcp PORT COUNT          COUNT TCP connect() attempts to 127.0.0.1:PORT
 *                                   (closed port: SYN dropped, RST returned).
 *   dropgen udp6 PORT COUNT         COUNT UDP datagrams to [::1]:PORT (IPv6, NO_SOCKET).
 *
 * Prints one summary line: "dropgen: sent N udp datagrams to 127.0.0.1:PORT in S s (R/s)".
 * Build: gcc -static -O2 -Wall -o dropgen dropgen.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>

#define BATCH 64

static void usage(void)
{
    fprintf(stderr, "usage: dropgen udp|udpmm PORT COUNT [RATE [PROCS]] | dropgen tcp|udp6 PORT COUNT\n");
    exit(64);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* One sender: COUNT datagrams at RATE/s (0 = unthrottled); adds to *sent / *failed. */
static int send_udp(const struct sockaddr_in *to, long count, double rate, int mmsg,
                    long first, long *sent, long *failed)
{
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0) { perror("socket"); return 1; }
    double t0 = now();
    if (!mmsg) {
        for (long i = 0; i < count; i++) {
            char msg[32];
            int n = snprintf(msg, sizeof msg, "dropgen %ld", first + i);
            /* unconnected sendto: an ICMP port-unreachable never fails a later send */
            if (sendto(s, msg, n, 0, (const struct sockaddr *)to, sizeof *to) == n) (*sent)++;
            else (*failed)++;
            if (rate > 0) {
                double wait = t0 + (i + 1) / rate - now();
                if (wait > 0) {
                    struct timespec gap = { (time_t)wait, (long)((wait - (time_t)wait) * 1e9) };
                    nanosleep(&gap, NULL);
                }
            }
        }
    } else {
        static char msgs[BATCH][32];
        struct iovec iov[BATCH];
        struct mmsghdr hdr[BATCH];
        for (long i = 0; i < count;) {
            int b = count - i < BATCH ? (int)(count - i) : BATCH;
            for (int k = 0; k < b; k++) {
                int n = snprintf(msgs[k], sizeof msgs[k], "dropgen %ld", first + i + k);
                iov[k] = (struct iovec){ msgs[k], (size_t)n };
                hdr[k] = (struct mmsghdr){ .msg_hdr = { .msg_name = (void *)to,
                    .msg_namelen = sizeof *to, .msg_iov = &iov[k], .msg_iovlen = 1 } };
            }
            int r = sendmmsg(s, hdr, b, 0);
            if (r <= 0) { (*failed)++; i++; continue; }   /* skip the one that failed */
            *sent += r;
            i += r;
            if (rate > 0) {
                double wait = t0 + i / rate - now();
                if (wait > 0) {
                    struct timespec gap = { (time_t)wait, (long)((wait - (time_t)wait) * 1e9) };
                    nanosleep(&gap, NULL);
                }
            }
        }
    }
    close(s);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 4) usage();
    int port = atoi(argv[2]);
    long count = atol(argv[3]);
    double rate = argc > 4 ? atof(argv[4]) : 0;
    int procs = argc > 5 ? atoi(argv[5]) : 1;
    if (port <= 0 || port > 65535 || count < 0 || procs < 1 || procs > 64) usage();
    struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(port) };
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    long sent = 0, failed = 0;

    if (!strcmp(argv[1], "udp") || !strcmp(argv[1], "udpmm")) {
        int mmsg = !strcmp(argv[1], "udpmm");
        double t0 = now();
        if (procs == 1) {
            if (send_udp(&to, count, rate, mmsg, 0, &sent, &failed)) return 1;
        } else {
            /* children report through shared counters; the parent only waits */
            long *shared = mmap(NULL, sizeof(long) * 2 * procs, PROT_READ | PROT_WRITE,
                                MAP_SHARED | MAP_ANONYMOUS, -1, 0);
            if (shared == MAP_FAILED) { perror("mmap"); return 1; }
            memset(shared, 0, sizeof(long) * 2 * procs);
            long first = 0;
            for (int p = 0; p < procs; p++) {
                long n = count / procs + (p < count % procs);
                pid_t pid = fork();
                if (pid < 0) { perror("fork"); return 1; }
                if (pid == 0)
                    _exit(send_udp(&to, n, rate / procs, mmsg, first, &shared[2 * p],
                                   &shared[2 * p + 1]));
                first += n;
            }
            int status, bad = 0;
            while (wait(&status) > 0)
                if (!WIFEXITED(status) || WEXITSTATUS(status)) bad = 1;
            for (int p = 0; p < procs; p++) { sent += shared[2 * p]; failed += shared[2 * p + 1]; }
            if (bad) failed++;
        }
        double secs = now() - t0;
        printf("dropgen: sent %ld udp datagrams to 127.0.0.1:%d in %.3f s (%.0f/s)", sent, port,
               secs, secs > 0 ? sent / secs : 0.0);
    } else if (!strcmp(argv[1], "tcp")) {
        for (long i = 0; i < count; i++) {
            int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            if (s < 0) { perror("socket"); return 1; }
            if (connect(s, (struct sockaddr *)&to, sizeof to) < 0 && errno == ECONNREFUSED)
                sent++;
            else
                failed++;
            close(s);
        }
        printf("dropgen: sent %ld refused tcp connects to 127.0.0.1:%d", sent, port);
    } else if (!strcmp(argv[1], "udp6")) {
        struct sockaddr_in6 to6 = { .sin6_family = AF_INET6, .sin6_port = htons(port),
                                    .sin6_addr = IN6ADDR_LOOPBACK_INIT };
        int s = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (s < 0) { perror("socket"); return 1; }
        for (long i = 0; i < count; i++) {
            char msg[32];
            int n = snprintf(msg, sizeof msg, "dropgen %ld", i);
            if (sendto(s, msg, n, 0, (const struct sockaddr *)&to6, sizeof to6) == n) sent++;
            else failed++;
        }
        close(s);
        printf("dropgen: sent %ld udp6 datagrams to [::1]:%d", sent, port);
    } else {
        usage();
    }
    if (failed) printf(" (%ld failed)", failed);
    printf("\n");
    return failed ? 1 : 0;
}
