# The two commands of the README: `make run` (set up, build, load the demo
# if there is no data yet, serve it) and `make test` (set up, build, run
# every test suite). PORT overrides the port of `make run`.
PORT ?= 8080
DATA ?= data
BUILD := build
ASAN_BUILD := build-asan
FUZZ_BUILD := build-fuzz
# How long `make fuzz` runs each harness, in seconds.
FUZZ_SECONDS ?= 600

.PHONY: run test bootstrap build build-asan build-fuzz fuzz crash load web clean format

run: bootstrap build web
	@if [ ! -e "$(DATA)/probity.db" ]; then ./$(BUILD)/probity demo --data "$(DATA)" >/dev/null; fi
	@echo ""
	@echo "probity: http://127.0.0.1:$(PORT)/"
	@./$(BUILD)/probity demo --logins
	@echo ""
	./$(BUILD)/probity serve --data "$(DATA)" --listen 127.0.0.1:$(PORT) --web web/dist

test: bootstrap
	./scripts/test

bootstrap:
	./scripts/bootstrap

build:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD) -j2

build-asan:
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPROBITY_SANITIZE=ON >/dev/null
	cmake --build $(ASAN_BUILD) -j2

# The libFuzzer harnesses of tests/fuzz, built with clang (docs/testing.md).
build-fuzz:
	CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPROBITY_FUZZ=ON >/dev/null
	cmake --build $(FUZZ_BUILD) -j2 --target $$(cd tests/fuzz && ls fuzz_*.c | sed 's/\.c$$//')

# The long fuzz run: each harness for FUZZ_SECONDS, what it finds new kept
# in its corpus (commit it); a crash stops it with the input in $(FUZZ_BUILD).
fuzz: bootstrap build-fuzz
	@for f in tests/fuzz/fuzz_*.c; do \
		n=$$(basename $$f .c); n=$${n#fuzz_}; \
		echo "fuzz_$$n: $(FUZZ_SECONDS) s"; \
		./$(FUZZ_BUILD)/fuzz_$$n tests/fuzz/corpus/$$n -max_total_time=$(FUZZ_SECONDS) \
			-rss_limit_mb=4096 -artifact_prefix=$(FUZZ_BUILD)/ -print_final_stats=1 || exit 1; \
	done

# The long crash run: CRASH_ROUNDS kills of the server under writers, on
# SQLite and on PostgreSQL (scripts/crash; make test runs 5 of each).
CRASH_ROUNDS ?= 1000
crash: bootstrap build
	./scripts/crash $(CRASH_ROUNDS)

# The long load run: reads and writes at once for LOAD_SECONDS, nginx
# beside (tests/load; make test runs 60 s). Its figures go to bench/RESULTS.md.
LOAD_SECONDS ?= 600
load: bootstrap build
	PROBITY_LOAD_SECONDS=$(LOAD_SECONDS) PROBITY_BIN=$(CURDIR)/$(BUILD)/probity \
		node --test --test-reporter=spec tests/load/

web:
	cd web && npm run build --silent

format:
	clang-format-16 -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) web/dist
