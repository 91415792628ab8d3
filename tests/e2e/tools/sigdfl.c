/* sigdfl CMD [ARG...] - exec CMD with SIGINT, SIGQUIT, SIGTERM, SIGHUP and SIGPIPE at their
 * default disposition and an empty signal mask.
 *
 * A non-interactive shell starts background jobs (`cmd &`) with SIGINT and SIGQUIT ignored,
 * and some runtimes (e.g. .NET) keep an inherited SIG_IGN for those signals instead of
 * installing their handlers. A user's Ctrl-C reaches a foreground program with the default
 * disposition, so scenarios start dropwatch through this wrapper to test what users get.
 * Build: gcc -static -O2 -Wall -o sigdfl sigdfl.c */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 2) { fprintf(stderr, "usage: sigdfl CMD [ARG...]\n"); return 64; }
    int sigs[] = { SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGPIPE };
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) signal(sigs[i], SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    execvp(argv[1], argv + 1);
    perror(argv[1]);
    return 127;
}
