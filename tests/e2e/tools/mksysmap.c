/* mksysmap - derive a System.map (link-time addresses) from the running kernel's
 * /proc/kallsyms, for kernels whose package ships only a stub System.map (Debian puts
 * the real one in linux-image-*-dbg).
 *
 *   mksysmap [TEXT_BASE] < /proc/kallsyms > System.map
 *
 * Core-kernel symbols only (lines with a "[module]" column are skipped). Every address
 * is shifted back by the KASLR slide = kallsyms(_text) - TEXT_BASE, where TEXT_BASE is
 * the link-time _text (x86-64: __START_KERNEL_map + CONFIG_PHYSICAL_START =
 * 0xffffffff81000000 by default). Output is sorted as kallsyms is (address order for
 * core symbols) in System.map's "%016lx %c %s" format.
 * Build: gcc -static -O2 -Wall -o mksysmap mksysmap.c */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    unsigned long base = argc > 1 ? strtoul(argv[1], NULL, 16) : 0xffffffff81000000UL;
    static char line[1024];
    size_t cap = 1 << 16, n = 0;
    struct ent { unsigned long a; char t; char *name; } *v = malloc(cap * sizeof *v);
    unsigned long text = 0;
    while (fgets(line, sizeof line, stdin)) {
        char name[512], mod[512];
        unsigned long a; char t;
        int k = sscanf(line, "%lx %c %511s %511s", &a, &t, name, mod);
        if (k < 3 || k == 4) continue;            /* module symbol or junk */
        if (!strcmp(name, "_text")) text = a;
        if (n == cap) { cap *= 2; v = realloc(v, cap * sizeof *v); }
        v[n].a = a; v[n].t = t; v[n].name = strdup(name); n++;
    }
    if (!text) { fprintf(stderr, "mksysmap: no _text in input (kptr_restrict?)\n"); return 1; }
    unsigned long slide = text - base;
    fprintf(stderr, "mksysmap: %zu symbols, _text %lx, slide %lx\n", n, text, slide);
    for (size_t i = 0; i < n; i++) {
        /* percpu symbols (absolute, small values) are not relocated */
        unsigned long a = v[i].a >= text ? v[i].a - slide : v[i].a;
        printf("%016lx %c %s\n", a, v[i].t, v[i].name);
    }
    return 0;
}
