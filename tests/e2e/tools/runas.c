/* runas UID[:GID] CMD [ARG...] - drop to UID/GID (no supplementary groups, no
 * capabilities) and exec CMD. Static helper for the e2e guest, which has no su.
 * Build: gcc -static -O2 -Wall -o runas runas.c */
#define _GNU_SOURCE
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 3) { fprintf(stderr, "usage: runas UID[:GID] CMD [ARG...]\n"); return 64; }
    char *colon = strchr(argv[1], ':');
    uid_t uid = (uid_t)atol(argv[1]);
    gid_t gid = colon ? (gid_t)atol(colon + 1) : (gid_t)uid;
    if (setgroups(0, NULL) < 0) { perror("setgroups"); return 126; }
    if (setgid(gid) < 0) { perror("setgid"); return 126; }
    if (setuid(uid) < 0) { perror("setuid"); return 126; }
    execvp(argv[2], argv + 2);
    perror(argv[2]);
    return 127;
}
