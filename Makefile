# The two commands of the README: `make run` (set up, build, load the demo
# if there is no data yet, serve it) and `make test` (set up, build, run
# every test suite). PORT overrides the port of `make run`.
PORT ?= 8080
DATA ?= data
BUILD := build
ASAN_BUILD := build-asan

.PHONY: run test bootstrap build build-asan web clean format

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

web:
	cd web && npm run build --silent

format:
	clang-format-16 -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) web/dist
