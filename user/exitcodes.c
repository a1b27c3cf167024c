// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include <stddef.h>
#include "exitcodes.h"

const struct ts_exit_doc ts_exit_docs[] = {
	{ TS_EXIT_OK, "Success." },
	{ TS_EXIT_FAILURE, "An unexpected system error (out of memory, a map that cannot be read)." },
	{ TS_EXIT_USAGE, "Bad command line: unknown command or option, missing or extra argument, bad value." },
	{ TS_EXIT_PERM, "Not root: loading and attaching need CAP_BPF (or CAP_SYS_ADMIN) and CAP_NET_ADMIN." },
	{ TS_EXIT_NO_IFACE, "No such interface." },
	{ TS_EXIT_ATTACHED, "Already attached: tunnelstat, or another XDP program, is attached to the interface." },
	{ TS_EXIT_NOT_ATTACHED, "tunnelstat is not attached to the interface (detach, show, events)." },
	{ TS_EXIT_CAPTURE, "The capture cannot be read: missing, not pcap/pcapng, truncated or corrupt, or of a "
			   "link type replay does not support. Frames read before a truncation are still counted "
			   "and printed." },
	{ TS_EXIT_VERIFIER, "The kernel refused the XDP program; the verifier's last lines are printed "
			    "(-v prints the whole log)." },
	{ TS_EXIT_ATTACH, "The kernel or driver refused the attach (for example no native XDP in the driver: "
			  "try --mode skb). Nothing is left attached or pinned." },
	{ TS_EXIT_BPFFS, "bpffs could not be mounted on /sys/fs/bpf, or a pin could not be made, read or "
			 "removed, or the pins were made by another tunnelstat version (detach and attach "
			 "again)." },
	{ 0, NULL }
};
