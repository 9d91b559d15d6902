/* The part of squashfuse's private header (fuseprivate.h, BSD-2-Clause, squashfuse 0.1.105) that
 * runtime.c uses. Debian ships libsquashfuse_ll with these symbols but not this header. The
 * layout of sqfs_opts is 0.1.105's, the library Debian links; runtime.c's three-argument
 * sqfs_usage call (a newer squashfuse) maps onto 0.1.105's two arguments. */
#ifndef SQFS_FUSEPRIVATE_H
#define SQFS_FUSEPRIVATE_H

#include <stdbool.h>
#include <sys/statvfs.h>
#include <squashfuse/squashfuse.h>
#include <fuse3/fuse.h>
#include <fuse3/fuse_lowlevel.h>

int sqfs_listxattr(sqfs *fs, sqfs_inode *inode, char *buf, size_t *size);

void sqfs_usage(char *progname, bool fuse_usage);
#define sqfs_usage(progname, fuse_usage, ll_usage) sqfs_usage(progname, fuse_usage)

typedef struct {
	char *progname;
	const char *image;
	int mountpoint;
	size_t offset;
	unsigned int idle_timeout_secs;
} sqfs_opts;

int sqfs_opt_proc(void *data, const char *arg, int key, struct fuse_args *outargs);

int sqfs_statfs(sqfs *sq, struct statvfs *st);

#endif
