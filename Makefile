# tunnelstat: one Makefile. `make` builds, `make check` tests, `make bench`
# measures, `make deps` installs the Debian packages, `make demo` runs the
# veth demo. Quiet by default; V=1 shows the commands.

PREFIX   ?= /usr/local
DESTDIR  ?=
CLANG    ?= clang
BPFTOOL  ?= bpftool
CC       ?= cc
VERSION  := 0.1.0

ifeq ($(V),1)
Q :=
msg = @true
else
Q := @
msg = @printf '  %-8s %s\n' $(1) $(2)
endif

BUILD    := build
MULTIARCH := $(shell $(CC) -dumpmachine)
ARCH     := $(shell uname -m | sed 's/x86_64/x86/;s/aarch64/arm64/')

BPF_CFLAGS := -g -O2 --target=bpf -D__TARGET_ARCH_$(ARCH) -Wall -Wextra -Werror \
	-Wno-unused-parameter -MMD -MP
CFLAGS  ?= -O2 -g
CFLAGS  += -Wall -Wextra -Werror -std=gnu11 -I$(BUILD) -Iinclude -Iuser \
	-DTS_VERSION='"$(VERSION)"' -MMD -MP
LDLIBS  := -lbpf -lelf -lz -lpcap -lm

BPF_SRC  := bpf/tunnelstat.bpf.c
BPF_OBJ  := $(BUILD)/tunnelstat.bpf.o
SKEL     := $(BUILD)/tunnelstat.skel.h
LIB_SRC  := $(filter-out user/main.c,$(wildcard user/*.c))
LIB_OBJ  := $(patsubst user/%.c,$(BUILD)/user/%.o,$(LIB_SRC))
MAIN_OBJ := $(BUILD)/user/main.o
TEST_SRC := $(wildcard tests/*.c)
TEST_BIN := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))

.PHONY: all deps check check-headers check-man man bench demo install uninstall clean
all: tunnelstat

$(BUILD) $(BUILD)/user $(BUILD)/tests $(BUILD)/hdr:
	$(Q)mkdir -p $@

$(BPF_OBJ): $(BPF_SRC) vmlinux.h | $(BUILD)
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(SKEL): $(BPF_OBJ)
	$(call msg,SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name tunnelstat_bpf > $@.tmp && mv $@.tmp $@

$(BUILD)/user/%.o: user/%.c $(SKEL) | $(BUILD)/user
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/libtunnelstat.a: $(LIB_OBJ)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

tunnelstat: $(MAIN_OBJ) $(BUILD)/libtunnelstat.a
	$(call msg,LINK,$@)
	$(Q)$(CC) $(CFLAGS) $^ -o $@ $(LDLIBS)

$(BUILD)/tests/%: tests/%.c $(BUILD)/libtunnelstat.a $(SKEL) | $(BUILD)/tests
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -Itests $< $(BUILD)/libtunnelstat.a -o $@ $(LDLIBS)

# Every header in include/ must compile for BPF and for the host alone.
check-headers: | $(BUILD)/hdr
	$(call msg,HDRS,include/)
	$(Q)for h in include/*.h; do \
		echo "#include \"../../$$h\"" > $(BUILD)/hdr/t.c; \
		$(CLANG) --target=bpf -I/usr/include/$(MULTIARCH) -Wall -Wextra -Werror \
			-fsyntax-only $(BUILD)/hdr/t.c || exit 1; \
		$(CC) -Wall -Wextra -Werror -fsyntax-only $(BUILD)/hdr/t.c || exit 1; \
	done

# The man page is generated from the option and exit-code tables.
man: tunnelstat
	$(call msg,MAN,docs/tunnelstat.8)
	$(Q)./tunnelstat --man > docs/tunnelstat.8

check-man: tunnelstat
	$(call msg,MANCHK,docs/tunnelstat.8)
	$(Q)./tunnelstat --man | cmp -s - docs/tunnelstat.8 || \
		{ echo "docs/tunnelstat.8 is stale: run 'make man'"; exit 1; }

check: tunnelstat $(TEST_BIN) check-headers check-man
	$(Q)bash tests/run.sh

bench: tunnelstat $(BUILD)/tests/bench
	$(Q)bash tests/bench.sh

demo: tunnelstat
	$(Q)bash tests/demo.sh

deps:
	$(Q)bash .ci/deps.sh

install: tunnelstat
	install -D -m 0755 tunnelstat $(DESTDIR)$(PREFIX)/sbin/tunnelstat
	install -D -m 0644 docs/tunnelstat.8 $(DESTDIR)$(PREFIX)/share/man/man8/tunnelstat.8

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/sbin/tunnelstat $(DESTDIR)$(PREFIX)/share/man/man8/tunnelstat.8

clean:
	rm -rf $(BUILD) tunnelstat

-include $(BUILD)/*.d $(BUILD)/user/*.d $(BUILD)/tests/*.d
