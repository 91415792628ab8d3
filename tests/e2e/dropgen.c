/* dropgen - generate packet drops on loopback for the dropwatch e2e harness.
 *
 *   dropgen udp PORT COUNT [RATE]   send COUNT UDP datagrams to 127.0.0.1:PORT.
 *                                   With no listener the kernel frees each one in the
 *                                   UDP receive path (reason NO_SOCKET). RATE = packets
 *                                   per second (0 or absent = as fast as possible).
 *   dropgen tcp PORT COUNT          COUNT TCP connect() attempts to 127.0.0.1:PORT
 *                                   (closed port: SYN dropped, RST returned).
 *
 * Prints one summary line: "dropgen: sent N udp datagrams to 127.0.0.1:PORT".
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
#include <sys/socket.h>

static void usage(void)
{
    fprintf(stderr, "usage: dropgen udp PORT COUNT [RATE] | dropgen tcp PORT COUNT\n");
    exit(64);
}

int main(int argc, char **argv)
{
    if (argc < 4) usage();
    int port = atoi(argv[2]);
    long count = atol(argv[3]);
    double rate = argc > 4 ? atof(argv[4]) : 0;
    if (port <= 0 || port > 65535 || count < 0) usage();
    struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(port) };
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    long sent = 0, failed = 0;

    if (!strcmp(argv[1], "udp")) {
        int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (s < 0) { perror("socket"); return 1; }
        struct timespec gap = { 0, 0 };
        if (rate > 0) {
            double g = 1.0 / rate;
            gap.tv_sec = (time_t)g;
            gap.tv_nsec = (long)((g - gap.tv_sec) * 1e9);
        }
        for (long i = 0; i < count; i++) {
            char msg[32];
            int n = snprintf(msg, sizeof msg, "dropgen %ld", i);
            /* unconnected sendto: an ICMP port-unreachable never fails a later send */
            if (sendto(s, msg, n, 0, (struct sockaddr *)&to, sizeof to) == n) sent++;
            else failed++;
            if (rate > 0) nanosleep(&gap, NULL);
        }
        close(s);
        printf("dropgen: sent %ld udp datagrams to 127.0.0.1:%d", sent, port);
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
    } else {
        usage();
    }
    if (failed) printf(" (%ld failed)", failed);
    printf("\n");
    return failed ? 1 : 0;
}
