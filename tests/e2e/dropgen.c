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
 *   dropgen udpcsum PORT COUNT      COUNT IPv4 UDP datagrams to 127.0.0.1:PORT whose UDP checksum
 *   dropgen tcpcsum PORT COUNT      (or TCP SYNs whose TCP checksum) is wrong, sent with a raw
 *                                   IP socket (IP_HDRINCL). Raw sends leave the skb CHECKSUM_NONE,
 *                                   so unlike a UDP/TCP socket's CHECKSUM_PARTIAL the receive path
 *                                   really verifies it: reason UDP_CSUM / TCP_CSUM.
 *   dropgen eth IFACE DSTMAC SRC DST udp|tcp|badudp PORT COUNT
 *                                   COUNT Ethernet frames out of IFACE with AF_PACKET (a veth end:
 *                                   the peer receives them, with its own ifindex), IPv4 SRC -> DST,
 *                                   a UDP datagram, a TCP SYN, or a UDP datagram with a wrong checksum.
 *
 * Prints one summary line: "dropgen: sent N udp datagrams to 127.0.0.1:PORT in S s (R/s)".
 * Build: gcc -static -O2 -Wall -o dropgen dropgen.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
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
#include <net/if.h>
#include <netinet/ip.h>
#include <netpacket/packet.h>
#include <linux/if_ether.h>

#define BATCH 64

static void usage(void)
{
    fprintf(stderr, "usage: dropgen udp|udpmm PORT COUNT [RATE [PROCS]] | dropgen tcp|udp6|udpcsum|tcpcsum PORT COUNT\n"
                    "       dropgen eth IFACE DSTMAC SRC DST udp|tcp|badudp PORT COUNT\n");
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

/* Internet checksum (RFC 1071) over a pseudo-header sum plus DATA. */
static uint16_t csum_fold(uint32_t sum, const uint8_t *data, size_t len)
{
    for (size_t i = 0; i + 1 < len; i += 2) sum += (uint32_t)data[i] << 8 | data[i + 1];
    if (len & 1) sum += (uint32_t)data[len - 1] << 8;
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

/* A checksum that is surely wrong: never the right one, and never 0 (for UDP, 0 = "none"). */
static uint16_t wrong(uint16_t right) { uint16_t w = right ^ 0x5a5a; return w ? w : 0x1234; }

/* Build an IPv4 packet at P: header + UDP datagram ("dropgen N") or TCP SYN. KIND 'u' udp,
 * 'b' udp with a wrong checksum, 't' tcp SYN, 'T' tcp SYN with a wrong checksum. Returns its length. */
static size_t build_ip(uint8_t *p, char kind, struct in_addr src, struct in_addr dst, int port, long n)
{
    int tcp = kind == 't' || kind == 'T';
    size_t l4len;
    uint8_t *l4 = p + 20;
    memset(p, 0, 80);
    if (tcp) {
        l4len = 20;
        uint16_t sport = htons((uint16_t)(40000 + n % 20000));
        memcpy(l4, &sport, 2);
        l4[2] = port >> 8; l4[3] = port & 0xff;
        uint32_t seq = htonl(0x1000 + (uint32_t)n);
        memcpy(l4 + 4, &seq, 4);
        l4[12] = 5 << 4;          /* data offset: 5 words */
        l4[13] = 0x02;            /* SYN */
        l4[14] = 0xff; l4[15] = 0xff;  /* window */
    } else {
        int m = snprintf((char *)l4 + 8, 32, "dropgen %ld", n);
        l4len = 8 + (size_t)m;
        uint16_t sport = htons((uint16_t)(40000 + n % 20000));
        memcpy(l4, &sport, 2);
        l4[2] = port >> 8; l4[3] = port & 0xff;
        l4[4] = l4len >> 8; l4[5] = l4len & 0xff;
    }
    /* pseudo-header: src, dst, protocol, L4 length */
    uint32_t sum = 0;
    const uint8_t *s = (const uint8_t *)&src.s_addr, *d = (const uint8_t *)&dst.s_addr;
    sum += (uint32_t)s[0] << 8 | s[1]; sum += (uint32_t)s[2] << 8 | s[3];
    sum += (uint32_t)d[0] << 8 | d[1]; sum += (uint32_t)d[2] << 8 | d[3];
    sum += tcp ? IPPROTO_TCP : IPPROTO_UDP;
    sum += (uint32_t)l4len;
    uint16_t c = csum_fold(sum, l4, l4len);
    if (!tcp && c == 0) c = 0xffff;   /* RFC 768: a computed 0 is sent as all ones */
    if (kind == 'b' || kind == 'T') c = wrong(c);
    uint8_t *cp = l4 + (tcp ? 16 : 6);
    cp[0] = c >> 8; cp[1] = c & 0xff;
    size_t total = 20 + l4len;
    p[0] = 0x45;
    p[2] = total >> 8; p[3] = total & 0xff;
    p[4] = (n >> 8) & 0xff; p[5] = n & 0xff;   /* id */
    p[6] = 0x40;                               /* DF */
    p[8] = 64;
    p[9] = tcp ? IPPROTO_TCP : IPPROTO_UDP;
    memcpy(p + 12, &src.s_addr, 4);
    memcpy(p + 16, &dst.s_addr, 4);
    uint16_t ic = csum_fold(0, p, 20);
    p[10] = ic >> 8; p[11] = ic & 0xff;
    return total;
}

/* udpcsum / tcpcsum: COUNT packets with a wrong L4 checksum to 127.0.0.1:PORT, raw IP socket. */
static int send_bad_csum(char kind, int port, long count, long *sent, long *failed)
{
    int s = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);   /* IPPROTO_RAW implies IP_HDRINCL */
    if (s < 0) { perror("socket(AF_INET, SOCK_RAW)"); return 1; }
    struct in_addr lo = { htonl(INADDR_LOOPBACK) };
    struct sockaddr_in to = { .sin_family = AF_INET, .sin_addr = lo };
    uint8_t pkt[96];
    for (long i = 0; i < count; i++) {
        size_t n = build_ip(pkt, kind, lo, lo, port, i);
        if (sendto(s, pkt, n, 0, (struct sockaddr *)&to, sizeof to) == (ssize_t)n) (*sent)++;
        else { perror("sendto"); (*failed)++; }
    }
    close(s);
    return 0;
}

static int parse_mac(const char *text, uint8_t mac[6])
{
    unsigned v[6];
    if (sscanf(text, "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) != 6) return -1;
    for (int i = 0; i < 6; i++) mac[i] = (uint8_t)v[i];
    return 0;
}

/* eth: COUNT Ethernet frames out of IFACE (AF_PACKET, SOCK_RAW, protocol 0: it receives nothing). */
static int send_eth(const char *iface, const char *dstmac, const char *src, const char *dst,
                    char kind, int port, long count, long *sent, long *failed)
{
    struct in_addr sa, da;
    uint8_t mac[6], frame[128];
    if (inet_pton(AF_INET, src, &sa) != 1 || inet_pton(AF_INET, dst, &da) != 1 || parse_mac(dstmac, mac))
        usage();
    unsigned ifindex = if_nametoindex(iface);
    if (!ifindex) { perror(iface); return 1; }
    int s = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
    if (s < 0) { perror("socket(AF_PACKET)"); return 1; }
    struct sockaddr_ll to = { .sll_family = AF_PACKET, .sll_ifindex = (int)ifindex,
                              .sll_protocol = htons(ETH_P_IP), .sll_halen = 6 };
    memcpy(to.sll_addr, mac, 6);
    /* source MAC: the interface's own, from sysfs (an AF_PACKET raw frame carries whatever we write) */
    uint8_t own[6] = { 0x02, 0, 0, 0, 0, 1 };
    char path[128], text[32];
    snprintf(path, sizeof path, "/sys/class/net/%s/address", iface);
    FILE *f = fopen(path, "r");
    if (f) { if (fgets(text, sizeof text, f)) parse_mac(text, own); fclose(f); }
    for (long i = 0; i < count; i++) {
        memcpy(frame, mac, 6);
        memcpy(frame + 6, own, 6);
        frame[12] = 0x08; frame[13] = 0x00;
        size_t n = 14 + build_ip(frame + 14, kind, sa, da, port, i);
        if (sendto(s, frame, n, 0, (struct sockaddr *)&to, sizeof to) == (ssize_t)n) (*sent)++;
        else { perror("sendto"); (*failed)++; }
    }
    close(s);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 4) usage();
    long sent = 0, failed = 0;
    if (!strcmp(argv[1], "eth")) {
        if (argc != 9) usage();
        const char *k = argv[6];
        char kind = !strcmp(k, "udp") ? 'u' : !strcmp(k, "tcp") ? 't' : !strcmp(k, "badudp") ? 'b' : 0;
        int port = atoi(argv[7]);
        long count = atol(argv[8]);
        if (!kind || port <= 0 || port > 65535 || count < 0) usage();
        if (send_eth(argv[2], argv[3], argv[4], argv[5], kind, port, count, &sent, &failed)) return 1;
        printf("dropgen: sent %ld %s frames out of %s to %s:%d", sent, k, argv[2], argv[5], port);
        if (failed) printf(" (%ld failed)", failed);
        printf("\n");
        return failed ? 1 : 0;
    }
    int port = atoi(argv[2]);
    long count = atol(argv[3]);
    double rate = argc > 4 ? atof(argv[4]) : 0;
    int procs = argc > 5 ? atoi(argv[5]) : 1;
    if (port <= 0 || port > 65535 || count < 0 || procs < 1 || procs > 64) usage();
    struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(port) };
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

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
    } else if (!strcmp(argv[1], "udpcsum") || !strcmp(argv[1], "tcpcsum")) {
        int tcp = argv[1][0] == 't';
        if (send_bad_csum(tcp ? 'T' : 'b', port, count, &sent, &failed)) return 1;
        printf("dropgen: sent %ld %s with a wrong checksum to 127.0.0.1:%d", sent,
               tcp ? "tcp SYNs" : "udp datagrams", port);
    } else {
        usage();
    }
    if (failed) printf(" (%ld failed)", failed);
    printf("\n");
    return failed ? 1 : 0;
}
