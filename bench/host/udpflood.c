/* udpflood PORT SECONDS: sends small UDP datagrams to 127.0.0.1:PORT (a closed port, so the
 * kernel drops each one with NO_SOCKET) as fast as sendmmsg allows, for SECONDS; prints the count.
 * Used to measure how many drops per second dropwatch's tracepoint source keeps up with. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define BATCH 64

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: udpflood PORT SECONDS\n");
        return 64;
    }
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(atoi(argv[1])) };
    inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
    char payload[16] = "dropwatch-bench";
    struct iovec iov = { payload, sizeof payload };
    struct mmsghdr msgs[BATCH];
    memset(msgs, 0, sizeof msgs);
    for (int i = 0; i < BATCH; i++) {
        msgs[i].msg_hdr.msg_name = &to;
        msgs[i].msg_hdr.msg_namelen = sizeof to;
        msgs[i].msg_hdr.msg_iov = &iov;
        msgs[i].msg_hdr.msg_iovlen = 1;
    }
    double end = now() + atof(argv[2]);
    unsigned long long sent = 0;
    while (now() < end) {
        int n = sendmmsg(fd, msgs, BATCH, 0);
        if (n > 0)
            sent += n;
    }
    printf("%llu\n", sent);
    return 0;
}
