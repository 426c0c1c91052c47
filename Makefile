# Hai lệnh cho người mới: `make serve` (xem thử trang) và `make test` (chạy toàn bộ kiểm thử).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
EDITOR_STAMP := node_modules/.installed-editor
AUDIT_TOOLS := benchmarks/audit-tools
AUDIT_STAMP := $(AUDIT_TOOLS)/node_modules/.installed
NPM_CI := npm ci --no-audit --no-fund --loglevel=error

export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test lint clean photos audio new bai-moi check kiem-tra admin soan-bai audit bench anh dung-luong git-hooks phien-ban cap-nhat xa-moi

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

# Photos are shrunk and stripped of GPS before every commit from this clone (.githooks/pre-commit).
# Set once, and said once; a clone that already uses its own hooks folder is left alone.
git-hooks:
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1 && [ -z "$$(git config core.hooksPath)" ]; then \
	  git config core.hooksPath .githooks && \
	  echo "✓ Đã bật kiểm tra ảnh khi commit: ảnh mới được thu nhỏ và xoá vị trí GPS trước khi vào kho (.githooks/pre-commit)."; \
	fi

# Node tools, in three sets. make admin: Decap's save service only (package.json "dependencies",
# about 12 MB). make test: that and axe-core ("devDependencies"). make audit: Lighthouse and the Nu
# HTML Checker, a package of their own in $(AUDIT_TOOLS)/ (about 220 MB).
$(NODE_STAMP): package.json package-lock.json
	$(NPM_CI)
	touch $(NODE_STAMP) $(EDITOR_STAMP)

# A full install (make test) serves make admin too: it is not replaced by a smaller one.
$(EDITOR_STAMP): package.json package-lock.json
	@if [ -f $(NODE_STAMP) ] && [ $(NODE_STAMP) -nt package.json ] && [ $(NODE_STAMP) -nt package-lock.json ]; then \
	  touch $(EDITOR_STAMP); \
	else \
	  echo "Cài dịch vụ lưu bài (decap-server), chỉ lần đầu…" && $(NPM_CI) --omit=dev && touch $(EDITOR_STAMP); \
	fi

$(AUDIT_STAMP): $(AUDIT_TOOLS)/package.json $(AUDIT_TOOLS)/package-lock.json
	cd $(AUDIT_TOOLS) && $(NPM_CI)
	touch $(AUDIT_STAMP)

# The preview's port: make serve PORT=8001 when 8000 is taken (also make admin).
PORT ?= 8000

# serve and admin explain a failure themselves, in Vietnamese (exit code 3): make adds no English line then.
# Ctrl+C stops them cleanly; "trap : INT" keeps the recipe's shell alive meanwhile, so make adds no
# "*** Interrupt" line either (the trap does not reach python, which gets Ctrl+C as usual).
serve: $(STAMP) git-hooks  ## Xem thử trang tại http://127.0.0.1:8000 (cổng khác: PORT=8001), tự tải lại khi sửa bài
	@trap : INT; $(BIN)/python -m hooks.cli serve --port "$(PORT)" || [ $$? -eq 3 ]

build: $(STAMP)  ## Dựng trang vào thư mục site/
	@$(BIN)/python -m hooks.cli build

new: $(STAMP)  ## Tạo bài mới: make new TITLE="Tiêu đề bài viết" [DATE=20/12/2024] (mặc định: hôm nay)
	@# From the environment, not pasted into the command: a title may hold quotes ("Dân vận khéo").
	@test -n "$$TITLE" || { echo 'Hãy ghi tiêu đề: make new TITLE="Tiêu đề bài viết"'; exit 1; }
	@$(BIN)/python -m hooks.cli new "$$TITLE" $(if $(DATE),--ngay "$$DATE")

bai-moi:  ## Như make new: make bai-moi TEN="Tiêu đề bài viết" [NGAY=20/12/2024]
	@TITLE="$$TEN" DATE="$${NGAY:-$$DATE}" $(MAKE) --no-print-directory new

check: $(STAMP) git-hooks  ## Kiểm tra mọi bài viết và ảnh mà không dựng trang
	@$(BIN)/python -m hooks.cli check

kiem-tra: check

anh: $(STAMP) git-hooks  ## Thu nhỏ ảnh trong images/ (mặc định cạnh dài 2048 điểm ảnh), xoá vị trí GPS; KIEM_TRA=1: chỉ liệt kê
	@$(BIN)/python -m hooks.cli anh $(if $(filter 1,$(KIEM_TRA)),--kiem-tra)

xa-moi: $(STAMP)  ## Biến kho mẫu thành trang của xã: make xa-moi TEN="Xã Sơn Trà" [TINH="Thành phố Đà Nẵng"] [XAC_NHAN=1]
	@$(BIN)/python -m hooks.cli xa-moi "$$TEN" --tinh "$$TINH" $(if $(XAC_NHAN),--xac-nhan)

phien-ban: $(STAMP)  ## Phiên bản Tin Xã đang dùng
	@$(BIN)/python -m hooks.cli phien-ban

cap-nhat: $(STAMP)  ## Cập nhật phần mềm Tin Xã (không đụng bài, ảnh, mkdocs.yml): make cap-nhat [TU=<kho>] [BAN=<phiên bản>]
	@$(BIN)/python -m hooks.cli cap-nhat $(if $(TU),--tu "$$TU") $(if $(BAN),--ban "$$BAN")

dung-luong: $(STAMP)  ## Dung lượng kho, ảnh theo năm, trang đăng lên, và dự báo so với giới hạn của GitHub
	@$(BIN)/python -m hooks.cli dung-luong

admin: $(STAMP) $(EDITOR_STAMP) git-hooks  ## Soạn bài trên trình duyệt tại http://127.0.0.1:8000/.../admin/ (cổng khác: PORT=8001)
	@trap : INT; $(BIN)/python -m hooks.cli admin --port "$(PORT)" || [ $$? -eq 3 ]

soan-bai: admin

test: $(STAMP) $(NODE_STAMP) git-hooks  ## Chạy toàn bộ kiểm thử
	$(BIN)/ruff check hooks tests scripts benchmarks
	$(BIN)/python -m pytest -n 2 -q

bench: $(STAMP)  ## Đo tốc độ dựng (so với Material blog), xem thử, ảnh, tìm kiếm; in số liệu (~10 phút)
	$(BIN)/python -m benchmarks.bench_build --posts 1000 --runs 3 --scale 5000
	$(BIN)/python -m benchmarks.bench_preview --posts 1000 --edits 5
	$(BIN)/python -m benchmarks.bench_images --count 24
	$(BIN)/python -m benchmarks.bench_intake --count 24
	$(BIN)/python -m benchmarks.bench_editor --photos 10
	$(BIN)/python -m benchmarks.bench_search --posts 1000

audit: $(STAMP) $(AUDIT_STAMP)  ## W3C Nu HTML Checker và Lighthouse (điện thoại) trên trang mẫu; cần Java
	$(BIN)/python -m benchmarks.audit

lint: $(STAMP)
	$(BIN)/ruff check hooks tests scripts benchmarks
	$(BIN)/ruff format --check hooks tests scripts benchmarks

photos: $(STAMP)  ## Vẽ lại ảnh mẫu của trang mẫu
	$(BIN)/python -m scripts.make_sample_photos

audio: $(STAMP)  ## Tạo lại bản tin truyền thanh mẫu (files/truyen-thanh/)
	$(BIN)/python -m scripts.make_sample_audio

clean:
	rm -rf site .cache node_modules $(AUDIT_TOOLS)/node_modules
