/* nlprobe - raw NET_DM generic-netlink probe for the dropwatch e2e harness.
 *
 * Written from the protocol description in the project's reference notes; it
 * talks to the kernel directly (no libnl) and prints every datagram it
 * receives as hex so captures can be turned into test fixtures.
 *
 * Usage:
 *   nlprobe capture            full capture sequence; prints "@@FIXTURE name hex..." lines
 *   nlprobe family NAME        CTRL_CMD_GETFAMILY; exit 0 found, 2 ENOENT, 1 other
 *   nlprobe capture-hw N [C]   hardware (devlink trap) capture: HW_DROPS summary alert, packet
 *                              alerts until N distinct traps were seen (C: one of them must carry
 *                              a flow-action cookie), hardware tail drops (queue 1); fixtures hw_*
 *   nlprobe start | stop       send START / STOP (REQUEST|ACK); exit 0 on ack 0, 3 on EAGAIN.
 *                              stop carries SW_DROPS and HW_DROPS, so it also ends hardware
 *                              monitoring (a bare STOP means software only)
 *   nlprobe reset              STOP (both origins), then CONFIG summary mode, trunc 0, queue 1000
 *   nlprobe config-get | stats-get
 *   nlprobe privcheck          try every privileged step, report errno of each, never fail
 *   nlprobe listen SECS        join, START, print "@@PC 0xADDR COUNT" for every summary entry
 *                              received during SECS seconds, STOP, then "@@TOTAL n"
 *
 * Build: gcc -static -O2 -Wall -o nlprobe nlprobe.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <linux/netlink.h>
#include <linux/genetlink.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif
#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif

enum { DM_ALERT = 1, DM_CONFIG = 2, DM_START = 3, DM_STOP = 4, DM_PACKET_ALERT = 5,
       DM_CONFIG_GET = 6, DM_CONFIG_NEW = 7, DM_STATS_GET = 8, DM_STATS_NEW = 9 };
enum { A_ALERT_MODE = 1, A_PC = 2, A_SYMBOL = 3, A_IN_PORT = 4, A_TIMESTAMP = 5, A_PROTO = 6,
       A_PAYLOAD = 7, A_TRUNC_LEN = 9, A_ORIG_LEN = 10, A_QUEUE_LEN = 11, A_STATS = 12,
       A_HW_STATS = 13, A_ORIGIN = 14, A_HW_TRAP_GROUP_NAME = 15, A_HW_TRAP_NAME = 16,
       A_HW_ENTRIES = 17, A_SW_DROPS = 20, A_HW_DROPS = 21, A_FLOW_ACTION_COOKIE = 22,
       A_REASON = 23 };

static int fd = -1;
static uint32_t seq = 1000;
static uint16_t dm_family;
static uint32_t dm_group = 0;
static unsigned char rbuf[262144];
static int n_summary, n_packet;      /* multicast alerts seen so far */
static int want_packet_fixture;       /* save the first packet alert as a fixture */
static int hw_capture;                /* capture-hw: name fixtures hw_* */
static int n_hw_summary, n_cookie;    /* hardware summary alerts, packet alerts with a cookie */
static char traps_seen[32][48];       /* distinct HW_TRAP_NAMEs of packet alerts */
static int n_traps_seen;
static uint64_t pcs[256];
static int n_pcs;

static void hexline(const char *tag, const char *name, const unsigned char *p, size_t n)
{
    printf("%s %s", tag, name);
    for (size_t i = 0; i < n; i++)
        printf(" %02x", p[i]);
    printf("\n");
    fflush(stdout);
}

static int fixtures_on;                /* only "capture" and "privcheck" emit fixtures */

static void fixture(const char *name, const unsigned char *p, size_t n)
{
    if (!fixtures_on) return;
    hexline("@@FIXTURE", name, p, n);
}

static int open_sock(int extack)
{
    int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
    if (s < 0) { perror("socket"); exit(1); }
    struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
    if (bind(s, (struct sockaddr *)&sa, sizeof sa) < 0) { perror("bind"); exit(1); }
    if (extack) {
        int one = 1;
        if (setsockopt(s, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one) < 0)
            perror("setsockopt NETLINK_EXT_ACK");
    }
    struct timeval tv = { .tv_sec = 5 };
    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    int rcv = 1 << 20;
    setsockopt(s, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof rcv);
    return s;
}

/* Build and send one generic netlink request; returns its sequence number. */
static uint32_t send_req(uint16_t type, uint16_t flags, uint8_t cmd,
                         const unsigned char *attrs, size_t alen, const char *fixname)
{
    unsigned char buf[512];
    size_t len = 16 + 4 + alen;
    memset(buf, 0, sizeof buf);
    uint32_t s = ++seq;
    struct nlmsghdr *nh = (struct nlmsghdr *)buf;
    nh->nlmsg_len = len; nh->nlmsg_type = type; nh->nlmsg_flags = flags; nh->nlmsg_seq = s;
    buf[16] = cmd; buf[17] = 1;
    memcpy(buf + 20, attrs, alen);
    if (fixname)
        fixture(fixname, buf, len);
    struct sockaddr_nl to = { .nl_family = AF_NETLINK };
    if (sendto(fd, buf, len, 0, (struct sockaddr *)&to, sizeof to) < 0) {
        printf("send(cmd %u) failed: %s\n", cmd, strerror(errno));
        return 0;
    }
    return s;
}

static size_t put_attr(unsigned char *p, uint16_t type, const void *data, uint16_t dlen)
{
    uint16_t l = 4 + dlen;
    memcpy(p, &l, 2); memcpy(p + 2, &type, 2);
    memcpy(p + 4, data, dlen);
    size_t al = (l + 3) & ~3u;
    memset(p + l, 0, al - l);
    return al;
}

static int ctrl_msg;                   /* the message being printed is an nlctrl reply */

static void print_attrs(const unsigned char *p, size_t n, int depth)
{
    while (n >= 4) {
        uint16_t l, t;
        memcpy(&l, p, 2); memcpy(&t, p + 2, 2);
        if (l < 4 || l > n) break;
        const unsigned char *d = p + 4; size_t dl = l - 4;
        printf("%*sattr type=%u%s len=%u", depth * 2 + 2, "", t & 0x3fff,
               (t & 0x8000) ? " NESTED" : "", l);
        if (dl == 1) printf(" u8=%u", d[0]);
        else if (dl == 2) { uint16_t v; memcpy(&v, d, 2); printf(" u16=%u (0x%x)", v, v); }
        else if (dl == 4) { uint32_t v; memcpy(&v, d, 4); printf(" u32=%u", v); }
        else if (dl == 8) { uint64_t v; memcpy(&v, d, 8); printf(" u64=%llu (0x%llx)", (unsigned long long)v, (unsigned long long)v); }
        if (dl > 1 && d[dl - 1] == 0) {
            int str = 1;
            for (size_t i = 0; i + 1 < dl; i++) if (d[i] < 32 || d[i] > 126) { str = 0; break; }
            if (str) printf(" str=\"%s\"", (const char *)d);
        }
        printf("\n");
        /* nlctrl builds its array nests without NLA_F_NESTED: descend into those too */
        if (((t & 0x8000) || (ctrl_msg && depth < 2 && ((t & 0x3fff) == CTRL_ATTR_OPS ||
              (t & 0x3fff) == CTRL_ATTR_MCAST_GROUPS || depth == 1))) && depth < 3)
            print_attrs(d, dl, depth + 1);
        size_t al = (l + 3) & ~3u;
        if (al > n) break;
        p += al; n -= al;
    }
}

/* Walk the nested mcast-group array of a CTRL_CMD_NEWFAMILY reply for "events". */
static void parse_family(const unsigned char *msg, size_t n, uint16_t *id, uint32_t *grp)
{
    const unsigned char *p = msg + 20; size_t left = n - 20;
    while (left >= 4) {
        uint16_t l, t; memcpy(&l, p, 2); memcpy(&t, p + 2, 2);
        if (l < 4 || l > left) break;
        t &= 0x3fff;
        if (t == CTRL_ATTR_FAMILY_ID) memcpy(id, p + 4, 2);
        if (t == CTRL_ATTR_MCAST_GROUPS) {
            const unsigned char *q = p + 4; size_t ql = l - 4;
            while (ql >= 4) {
                uint16_t l2; memcpy(&l2, q, 2);
                if (l2 < 4 || l2 > ql) break;
                const unsigned char *r = q + 4; size_t rl = l2 - 4;
                uint32_t gid = 0; const char *gname = NULL;
                while (rl >= 4) {
                    uint16_t l3, t3; memcpy(&l3, r, 2); memcpy(&t3, r + 2, 2);
                    if (l3 < 4 || l3 > rl) break;
                    if ((t3 & 0x3fff) == CTRL_ATTR_MCAST_GRP_ID) memcpy(&gid, r + 4, 4);
                    if ((t3 & 0x3fff) == CTRL_ATTR_MCAST_GRP_NAME) gname = (const char *)r + 4;
                    size_t a3 = (l3 + 3) & ~3u; if (a3 > rl) break; r += a3; rl -= a3;
                }
                if (gname && !strcmp(gname, "events") && grp) *grp = gid;
                size_t a2 = (l2 + 3) & ~3u; if (a2 > ql) break; q += a2; ql -= a2;
            }
        }
        size_t al = (l + 3) & ~3u; if (al > left) break; p += al; left -= al;
    }
}

static void handle_multicast(const unsigned char *m, size_t len)
{
    uint8_t cmd = m[16];
    char name[64];
    if (cmd == DM_ALERT) {
        n_summary++;
        uint32_t entries = 0; memcpy(&entries, m + 24, 4);
        printf("ALERT #%d: %u entries\n", n_summary, entries);
        for (uint32_t i = 0; i < entries && 28 + 12 * i + 12 <= len; i++) {
            uint64_t pc; uint32_t cnt;
            memcpy(&pc, m + 28 + 12 * i, 8); memcpy(&cnt, m + 36 + 12 * i, 4);
            printf("@@PC 0x%016llx %u\n", (unsigned long long)pc, cnt);
            if (n_pcs < 256) pcs[n_pcs++] = pc;
        }
        if (hw_capture) {
            if (entries == 0) {
                n_hw_summary++;
                print_attrs(m + 20, len - 20, 0);
                if (n_hw_summary == 1) fixture("hw_alert_summary", m, len);
            }
        } else if (n_summary <= 2) {
            snprintf(name, sizeof name, "alert_summary_%d", n_summary);
            fixture(name, m, len);
        }
    } else if (cmd == DM_PACKET_ALERT) {
        n_packet++;
        printf("PACKET_ALERT #%d len=%zu\n", n_packet, len);
        print_attrs(m + 20, len - 20, 0);
        if (hw_capture) {
            const unsigned char *p = m + 20; size_t left = len - 20;
            char trap[48] = ""; int cookie = 0;
            while (left >= 4) {
                uint16_t l, t; memcpy(&l, p, 2); memcpy(&t, p + 2, 2);
                if (l < 4 || l > left) break;
                if ((t & 0x3fff) == A_HW_TRAP_NAME && l > 4)
                    snprintf(trap, sizeof trap, "%.*s", (int)(l - 4), (const char *)p + 4);
                if ((t & 0x3fff) == A_FLOW_ACTION_COOKIE) cookie = 1;
                size_t al = (l + 3) & ~3u; if (al > left) break; p += al; left -= al;
            }
            n_cookie += cookie;
            int seen = 0;
            for (int i = 0; i < n_traps_seen; i++) if (!strcmp(traps_seen[i], trap)) seen = 1;
            if (trap[0] && !seen && n_traps_seen < 32) {
                snprintf(traps_seen[n_traps_seen++], sizeof traps_seen[0], "%s", trap);
                snprintf(name, sizeof name, "hw_packet_alert_%s", trap);
                fixture(name, m, len);
                printf("@@TRAP %s%s\n", trap, cookie ? " cookie" : "");
            }
        } else if (want_packet_fixture && n_packet == 1) {
            fixture("packet_alert_udp", m, len);
            /* also report the PC for kallsyms cross-checks */
            const unsigned char *p = m + 20; size_t left = len - 20;
            while (left >= 4) {
                uint16_t l, t; memcpy(&l, p, 2); memcpy(&t, p + 2, 2);
                if (l < 4 || l > left) break;
                if ((t & 0x3fff) == A_PC && l == 12) {
                    uint64_t pc; memcpy(&pc, p + 4, 8);
                    printf("@@PC 0x%016llx packet\n", (unsigned long long)pc);
                }
                size_t al = (l + 3) & ~3u; if (al > left) break; p += al; left -= al;
            }
        }
    } else {
        printf("multicast cmd %u len %zu\n", cmd, len);
    }
}

/* Receive until a message with sequence s arrives (or timeout). Multicast messages are
 * reported via handle_multicast. Returns the error code of an NLMSG_ERROR for s
 * (0 for an ack), or 1 when a non-error reply was seen and acks are not expected,
 * or -ETIMEDOUT. The first reply (non-error) is saved as fixture `replyname`, the
 * NLMSG_ERROR as `ackname`. */
static int wait_reply(uint32_t s, int expect_ack, const char *replyname, const char *ackname)
{
    int got_reply = 0;
    for (;;) {
        ssize_t r = recv(fd, rbuf, sizeof rbuf, 0);
        if (r < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                printf("timeout waiting for seq %u\n", s);
                return got_reply ? 1 : -ETIMEDOUT;
            }
            printf("recv: %s\n", strerror(errno));
            if (errno == ENOBUFS) continue;
            return -errno;
        }
        size_t off = 0;
        while (off + 16 <= (size_t)r) {
            struct nlmsghdr *nh = (struct nlmsghdr *)(rbuf + off);
            size_t ml = nh->nlmsg_len;
            if (ml < 16 || off + ml > (size_t)r) break;
            const unsigned char *m = rbuf + off;
            if (nh->nlmsg_seq == 0 && nh->nlmsg_pid == 0 && nh->nlmsg_type != NLMSG_ERROR) {
                handle_multicast(m, ml);
            } else if (nh->nlmsg_seq == s) {
                if (nh->nlmsg_type == NLMSG_ERROR) {
                    int32_t err; memcpy(&err, m + 16, 4);
                    printf("NLMSG_ERROR seq=%u error=%d (%s) flags=0x%x len=%zu\n", s, err,
                           err ? strerror(-err) : "ack", nh->nlmsg_flags, ml);
                    if (ackname) fixture(ackname, m, ml);
                    if (nh->nlmsg_flags & 0x200) { /* NLM_F_ACK_TLVS */
                        size_t toff = 36;
                        if (err && !(nh->nlmsg_flags & 0x100)) {
                            uint32_t ol; memcpy(&ol, m + 20, 4);
                            toff = 20 + ((ol + 3) & ~3u);
                        }
                        if (toff < ml) print_attrs(m + toff, ml - toff, 0);
                    }
                    return err;
                }
                printf("reply seq=%u type=0x%x cmd=%u len=%zu\n", s, nh->nlmsg_type, m[16], ml);
                if (replyname) fixture(replyname, m, ml);
                ctrl_msg = nh->nlmsg_type == GENL_ID_CTRL;
                print_attrs(m + 20, ml - 20, 0);
                ctrl_msg = 0;
                got_reply = 1;
                if (nh->nlmsg_type == GENL_ID_CTRL && m[16] == CTRL_CMD_NEWFAMILY)
                    parse_family(m, ml, &dm_family, &dm_group);
                if (!expect_ack) return 1;
            } else {
                printf("unrelated message type=0x%x seq=%u len=%zu\n", nh->nlmsg_type,
                       nh->nlmsg_seq, ml);
            }
            off += NLMSG_ALIGN(ml);
        }
    }
}

static int getfamily(const char *name, int ack, const char *rfix, const char *afix,
                     const char *reqfix)
{
    unsigned char a[64];
    size_t al = put_attr(a, CTRL_ATTR_FAMILY_NAME, name, strlen(name) + 1);
    uint32_t s = send_req(GENL_ID_CTRL, NLM_F_REQUEST | (ack ? NLM_F_ACK : 0),
                          CTRL_CMD_GETFAMILY, a, al, reqfix);
    return wait_reply(s, ack, rfix, afix);
}

static int resolve_dm(void)
{
    uint16_t save = dm_family;
    dm_family = 0;
    int r = getfamily("NET_DM", 0, NULL, NULL, NULL);
    if (r != 1 || !dm_family) { dm_family = save; printf("NET_DM not found (%d)\n", r); return -1; }
    printf("NET_DM family id %u, events group %u\n", dm_family, dm_group);
    return 0;
}

static int dm_simple(uint8_t cmd, uint16_t flags, const char *rfix, const char *afix, const char *reqfix)
{
    uint32_t s = send_req(dm_family, flags, cmd, NULL, 0, reqfix);
    if (!s) return -errno;
    return wait_reply(s, flags & NLM_F_ACK, rfix, afix);
}

static int dm_config_mode(int mode, const char *afix, const char *reqfix)
{
    unsigned char a[8]; uint8_t v = mode;
    size_t al = put_attr(a, A_ALERT_MODE, &v, 1);
    uint32_t s = send_req(dm_family, NLM_F_REQUEST | NLM_F_ACK, DM_CONFIG, a, al, reqfix);
    if (!s) return -errno;
    return wait_reply(s, 1, NULL, afix);
}

static void udp_drops(int port, int count)
{
    int u = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(port) };
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int sent = 0;
    for (int i = 0; i < count; i++)
        if (sendto(u, "dropwatch-e2e", 13, 0, (struct sockaddr *)&to, sizeof to) == 13) sent++;
    close(u);
    printf("sent %d UDP datagrams to 127.0.0.1:%d\n", sent, port);
}

static void tcp_drops(int port, int count)
{
    int refused = 0;
    for (int i = 0; i < count; i++) {
        int t = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(port) };
        to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (connect(t, (struct sockaddr *)&to, sizeof to) < 0 && errno == ECONNREFUSED) refused++;
        close(t);
    }
    printf("%d refused TCP connects to 127.0.0.1:%d\n", refused, port);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Drain multicast messages for up to `secs` seconds (wall clock: hardware traps arrive every
 * 100 ms, so the receive timeout alone would never end it) or until `until` returns true. */
static void drain(int secs, int (*until)(void))
{
    struct timeval tv = { .tv_sec = 1 };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    double end = now_s() + secs;
    while (now_s() < end && !(until && until())) {
        ssize_t r = recv(fd, rbuf, sizeof rbuf, 0);
        if (r < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) continue;
            if (errno == EINTR) continue;
            printf("recv: %s\n", strerror(errno));
            if (errno == ENOBUFS) continue;
            break;
        }
        size_t off = 0;
        while (off + 16 <= (size_t)r) {
            struct nlmsghdr *nh = (struct nlmsghdr *)(rbuf + off);
            size_t ml = nh->nlmsg_len;
            if (ml < 16 || off + ml > (size_t)r) break;
            if (nh->nlmsg_seq == 0 && nh->nlmsg_pid == 0)
                handle_multicast(rbuf + off, ml);
            else
                printf("unrelated message type=0x%x seq=%u\n", nh->nlmsg_type, nh->nlmsg_seq);
            off += NLMSG_ALIGN(ml);
        }
    }
    tv.tv_sec = 5;
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

#define CHECK(cond, what) do { if (cond) printf("@@CHECK ok %s\n", what); \
        else { printf("@@CHECK FAIL %s\n", what); fails++; } } while (0)

static int have_one_summary(void) { return n_summary >= 1; }
static int have_two_summaries(void) { return n_summary >= 2; }
static int have_packet(void) { return n_packet >= 1; }

static int join_group(void)
{
    uint32_t g = dm_group ? dm_group : 1;
    if (setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &g, sizeof g) < 0) {
        int e = errno;
        printf("join group %u: FAILED %s\n", g, strerror(e));
        return -e;
    }
    printf("join group %u: ok\n", g);
    return 0;
}

static int capture(void)
{
    int fails = 0;
    fixtures_on = 1;
    fd = open_sock(1);
    int r = getfamily("nlctrl", 0, "getfamily_nlctrl_reply", NULL, "getfamily_nlctrl_request");
    CHECK(r == 1, "getfamily nlctrl replied");
    r = getfamily("NET_DM", 1, "getfamily_net_dm_reply", "getfamily_net_dm_ack",
                  "getfamily_net_dm_request");
    CHECK(r == 0 && dm_family >= 0x10, "getfamily NET_DM reply + ack");
    printf("@@INFO net_dm_family_id %u\n@@INFO net_dm_events_group %u\n", dm_family, dm_group);
    uint16_t keep = dm_family;
    r = getfamily("NO_SUCH_FAMILY", 1, NULL, "getfamily_enoent_error", NULL);
    CHECK(r == -ENOENT, "getfamily of unknown family gives ENOENT");
    dm_family = keep;

    r = dm_simple(DM_CONFIG_GET, NLM_F_REQUEST, "config_new_reply", NULL, "config_get_request");
    CHECK(r == 1, "CONFIG_GET replied CONFIG_NEW");
    r = dm_simple(DM_STATS_GET, NLM_F_REQUEST, "stats_new_reply", NULL, "stats_get_request");
    CHECK(r == 1, "STATS_GET replied STATS_NEW");

    r = join_group();
    CHECK(r == 0, "join events group");
    r = dm_simple(DM_START, NLM_F_REQUEST | NLM_F_ACK, NULL, "start_ack", "start_request");
    CHECK(r == 0, "START acked");
    r = dm_simple(DM_START, NLM_F_REQUEST | NLM_F_ACK, NULL, "start_eagain_extack", NULL);
    CHECK(r == -EAGAIN, "second START gives EAGAIN");
    r = dm_config_mode(1, "config_ebusy_extack", NULL);
    CHECK(r == -EBUSY, "CONFIG while monitoring gives EBUSY");

    udp_drops(9, 50);
    drain(6, have_one_summary);
    /* second batch: UDP plus refused TCP connects, so the alert can carry several PCs */
    udp_drops(9, 7);
    tcp_drops(7, 3);
    drain(6, have_two_summaries);
    CHECK(n_summary >= 1, "received summary ALERT");

    r = dm_simple(DM_STOP, NLM_F_REQUEST | NLM_F_ACK, NULL, "stop_ack", "stop_request");
    CHECK(r == 0, "STOP acked");
    drain(2, NULL);
    r = dm_simple(DM_STOP, NLM_F_REQUEST | NLM_F_ACK, NULL, "stop_when_stopped_ack", NULL);
    CHECK(r == 0, "STOP when stopped still acks 0");

    r = dm_config_mode(1, "config_packet_ack", "config_packet_request");
    CHECK(r == 0, "CONFIG packet mode acked");
    r = dm_simple(DM_CONFIG_GET, NLM_F_REQUEST, "config_new_packet_reply", NULL, NULL);
    CHECK(r == 1, "CONFIG_GET in packet mode");
    want_packet_fixture = 1;
    r = dm_simple(DM_START, NLM_F_REQUEST | NLM_F_ACK, NULL, NULL, NULL);
    CHECK(r == 0, "START (packet mode) acked");
    udp_drops(9, 1);
    drain(5, have_packet);
    CHECK(n_packet >= 1, "received PACKET_ALERT");
    r = dm_simple(DM_STOP, NLM_F_REQUEST | NLM_F_ACK, NULL, NULL, NULL);
    CHECK(r == 0, "STOP (packet mode) acked");
    drain(1, NULL);
    r = dm_simple(DM_STATS_GET, NLM_F_REQUEST, "stats_new_after_packet_reply", NULL, NULL);
    CHECK(r == 1, "STATS_GET after packet mode");
    r = dm_config_mode(0, NULL, "config_summary_request");
    CHECK(r == 0, "CONFIG summary mode restored");
    printf("@@SUMMARY checks_failed=%d summary_alerts=%d packet_alerts=%d\n", fails, n_summary,
           n_packet);
    return fails ? 1 : 0;
}

static int hw_want;
static int have_hw_summary(void) { return n_hw_summary >= 1; }
static int have_traps(void) { return n_traps_seen >= hw_want; }

/* START / STOP carrying the given origin flags (A_SW_DROPS / A_HW_DROPS, 0 = none) */
static int dm_origin(uint8_t cmd, int sw, int hw, const char *reqfix, const char *afix)
{
    unsigned char a[16]; size_t al = 0;
    if (sw) al += put_attr(a + al, A_SW_DROPS, "", 0);
    if (hw) al += put_attr(a + al, A_HW_DROPS, "", 0);
    uint32_t s = send_req(dm_family, NLM_F_REQUEST | NLM_F_ACK, cmd, a, al, reqfix);
    if (!s) return -errno;
    return wait_reply(s, 1, NULL, afix);
}

static int dm_config_queue(uint32_t q)
{
    unsigned char a[8];
    size_t al = put_attr(a, A_QUEUE_LEN, &q, 4);
    uint32_t s = send_req(dm_family, NLM_F_REQUEST | NLM_F_ACK, DM_CONFIG, a, al, NULL);
    if (!s) return -errno;
    return wait_reply(s, 1, NULL, NULL);
}

/* Hardware drops from devlink traps (netdevsim reports every 100 ms for each trap whose
 * action is not "drop"). want: distinct trap names expected in packet mode; cookie: one of
 * them carries a flow-action cookie. */
static int capture_hw(int want, int cookie)
{
    int fails = 0;
    fixtures_on = 1;
    hw_capture = 1;
    hw_want = want;
    fd = open_sock(1);
    if (resolve_dm() < 0) return 2;
    CHECK(join_group() == 0, "join events group");
    CHECK(dm_config_mode(0, NULL, NULL) == 0, "CONFIG summary mode");
    int r = dm_origin(DM_START, 0, 1, "start_hw_request", "start_hw_ack");
    CHECK(r == 0, "START HW_DROPS acked");
    drain(6, have_hw_summary);
    CHECK(n_hw_summary >= 1, "received a hardware summary ALERT (entries 0 + HW_ENTRIES)");
    r = dm_origin(DM_STOP, 0, 1, "stop_hw_request", "stop_hw_ack");
    CHECK(r == 0, "STOP HW_DROPS acked");
    drain(1, NULL);

    CHECK(dm_config_mode(1, NULL, NULL) == 0, "CONFIG packet mode");
    r = dm_origin(DM_START, 0, 1, NULL, NULL);
    CHECK(r == 0, "START HW_DROPS (packet mode) acked");
    drain(8, have_traps);
    CHECK(n_traps_seen >= want, "packet alerts from every expected trap");
    if (cookie) CHECK(n_cookie >= 1, "a packet alert carries FLOW_ACTION_COOKIE");
    r = dm_origin(DM_STOP, 0, 1, NULL, NULL);
    CHECK(r == 0, "STOP HW_DROPS (packet mode) acked");
    drain(1, NULL);

    /* queue length 1: every tick reports several traps at once, all but one are tail drops */
    CHECK(dm_config_queue(1) == 0, "CONFIG queue length 1");
    r = dm_origin(DM_START, 0, 1, NULL, NULL);
    CHECK(r == 0, "START HW_DROPS (queue 1) acked");
    drain(2, NULL);
    r = dm_origin(DM_STOP, 0, 1, NULL, NULL);
    CHECK(r == 0, "STOP HW_DROPS (queue 1) acked");
    drain(1, NULL);
    r = dm_simple(DM_STATS_GET, NLM_F_REQUEST, "stats_new_hw_tail_reply", NULL, NULL);
    CHECK(r == 1, "STATS_GET after hardware tail drops");
    CHECK(dm_config_queue(1000) == 0, "CONFIG queue length 1000 restored");
    CHECK(dm_config_mode(0, NULL, NULL) == 0, "CONFIG summary mode restored");
    printf("@@SUMMARY checks_failed=%d hw_summary_alerts=%d packet_alerts=%d traps=%d cookies=%d\n",
           fails, n_hw_summary, n_packet, n_traps_seen, n_cookie);
    return fails ? 1 : 0;
}

/* Unprivileged-path survey: report what each step returns, exit 0 regardless. */
static int privcheck(void)
{
    fixtures_on = 1;
    fd = open_sock(1);
    if (resolve_dm() < 0) return 1;
    printf("@@PRIV uid=%d euid=%d\n", getuid(), geteuid());
    int r = dm_simple(DM_CONFIG_GET, NLM_F_REQUEST, NULL, NULL, NULL);
    printf("@@PRIV config_get %s\n", r == 1 ? "ok" : strerror(-r));
    r = dm_simple(DM_STATS_GET, NLM_F_REQUEST, NULL, NULL, NULL);
    printf("@@PRIV stats_get %s\n", r == 1 ? "ok" : strerror(-r));
    r = join_group();
    printf("@@PRIV join_group %s\n", r == 0 ? "ok" : strerror(-r));
    /* legacy bitmask join through bind() on a fresh socket */
    int s2 = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
    struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = 1 };
    r = bind(s2, (struct sockaddr *)&sa, sizeof sa);
    printf("@@PRIV bind_groups_1 %s\n", r == 0 ? "ok" : strerror(errno));
    close(s2);
    r = dm_simple(DM_START, NLM_F_REQUEST | NLM_F_ACK, NULL, "start_eperm_unprivileged", NULL);
    printf("@@PRIV start %s\n", r == 0 ? "ok" : strerror(-r));
    if (r == 0) dm_simple(DM_STOP, NLM_F_REQUEST | NLM_F_ACK, NULL, NULL, NULL);
    r = dm_config_mode(0, NULL, NULL);
    printf("@@PRIV config %s\n", r == 0 ? "ok" : strerror(-r));
    return 0;
}

static int listen_for(int secs)
{
    fd = open_sock(1);
    if (resolve_dm() < 0) return 2;
    if (join_group() < 0) return 1;
    int r = dm_simple(DM_START, NLM_F_REQUEST | NLM_F_ACK, NULL, NULL, NULL);
    if (r != 0) { printf("START failed: %s\n", strerror(-r)); return r == -EAGAIN ? 3 : 1; }
    printf("@@LISTENING\n");
    drain(secs, NULL);
    r = dm_simple(DM_STOP, NLM_F_REQUEST | NLM_F_ACK, NULL, NULL, NULL);
    printf("@@TOTAL alerts=%d entries=%d stop=%d\n", n_summary, n_pcs, r);
    return r == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc < 2) {
        fprintf(stderr, "usage: nlprobe capture|capture-hw N [cookie]|family NAME|start|stop|config-get|stats-get|privcheck\n");
        return 64;
    }
    const char *c = argv[1];
    if (!strcmp(c, "capture")) return capture();
    if (!strcmp(c, "capture-hw"))
        return capture_hw(argc > 2 ? atoi(argv[2]) : 1, argc > 3 && !strcmp(argv[3], "cookie"));
    if (!strcmp(c, "privcheck")) return privcheck();
    if (!strcmp(c, "listen")) return listen_for(argc > 2 ? atoi(argv[2]) : 3);
    if (!strcmp(c, "family")) {
        if (argc < 3) return 64;
        fd = open_sock(1);
        int r = getfamily(argv[2], 0, "family_reply", NULL, NULL);
        if (r == 1) { printf("family %s id %u, events group %u\n", argv[2], dm_family, dm_group); return 0; }
        return r == -ENOENT ? 2 : 1;
    }
    fd = open_sock(1);
    if (resolve_dm() < 0) return 2;
    int r;
    if (!strcmp(c, "start")) r = dm_simple(DM_START, NLM_F_REQUEST | NLM_F_ACK, NULL, NULL, NULL);
    else if (!strcmp(c, "stop")) r = dm_origin(DM_STOP, 1, 1, NULL, NULL);
    else if (!strcmp(c, "reset")) { /* STOP (both origins), then the kernel's default config */
        r = dm_origin(DM_STOP, 1, 1, NULL, NULL);
        unsigned char a[32]; size_t al = 0; uint8_t mode = 0; uint32_t trunc = 0, q = 1000;
        al += put_attr(a + al, A_ALERT_MODE, &mode, 1);
        al += put_attr(a + al, A_TRUNC_LEN, &trunc, 4);
        al += put_attr(a + al, A_QUEUE_LEN, &q, 4);
        uint32_t s = send_req(dm_family, NLM_F_REQUEST | NLM_F_ACK, DM_CONFIG, a, al, NULL);
        int r2 = s ? wait_reply(s, 1, NULL, NULL) : -errno;
        if (r == 0) r = r2;
    }
    else if (!strcmp(c, "config-get")) r = dm_simple(DM_CONFIG_GET, NLM_F_REQUEST, NULL, NULL, NULL) == 1 ? 0 : -1;
    else if (!strcmp(c, "stats-get")) r = dm_simple(DM_STATS_GET, NLM_F_REQUEST, NULL, NULL, NULL) == 1 ? 0 : -1;
    else { fprintf(stderr, "unknown command %s\n", c); return 64; }
    if (r == -EAGAIN) return 3;
    return r == 0 ? 0 : 1;
}
