# Two commands are all a new user needs:  make run   and   make test
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
MODEL := models/support-assistant.tar.gz
WIDGET_VENDOR := bot/web/static/vendor/socket.io.min.js

# Rasa must not call home; models load from disk only.
export RASA_TELEMETRY_ENABLED := false
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TF_CPP_MIN_LOG_LEVEL := 2
export TOKENIZERS_PARALLELISM := false
export PYTHONWARNINGS := ignore

NLU_FILES := $(shell find nlu_data -name '*.yml')

.PHONY: run test train index widget eval-kb bench-nlu bench-load shell telegram clean

run: $(MODEL) index $(WIDGET_VENDOR)  ## set up, train, index and start everything
	$(PY) -m bot.launcher

test: $(VENV)/.installed $(WIDGET_VENDOR)  ## every check and test, as CI runs them
	$(RASA) data validate --data nlu_data --domain domain.yml --config config.yml --fail-on-warnings
	$(PY) -m pytest

train: $(MODEL)  ## retrain the Rasa model if its data changed
widget: $(WIDGET_VENDOR)  ## fetch the widget's browser dependency from npm (pinned by package-lock.json)

index: $(VENV)/.installed  ## (re)build the knowledge-base index when articles, model or format changed
	@$(PY) -m bot.kb check >/dev/null 2>&1 || $(PY) -m bot.kb build

eval-kb: index  ## knowledge-base evaluation: reports/kb_eval.json and a chart
	$(PY) scripts/eval_kb.py

bench-nlu: $(VENV)/.installed  ## NLU on CLINC150 and BANKING77 beside stock Rasa DIET (BENCH_NLU_ARGS="--no-diet")
	$(PY) scripts/bench_nlu.py $(BENCH_NLU_ARGS)

bench-load: $(MODEL) index $(WIDGET_VENDOR)  ## load test beside a stock Rasa moodbot (BENCH_LOAD_ARGS="--quick")
	$(PY) scripts/bench_load.py $(BENCH_LOAD_ARGS)

shell: $(MODEL) index  ## chat in the terminal (starts the action server too)
	$(PY) -m bot.launcher --shell

telegram: $(MODEL) index $(WIDGET_VENDOR)  ## like run, plus a Telegram bot in polling mode (TELEGRAM_BOT_TOKEN)
	$(PY) -m bot.launcher --telegram-polling

$(VENV)/.installed: requirements.lock pyproject.toml
	@test -x $(PY) || $$(scripts/python310.sh) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check "pip==24.0"
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

$(WIDGET_VENDOR): bot/web/package.json bot/web/package-lock.json
	cd bot/web && npm ci --no-audit --no-fund --silent
	mkdir -p $(dir $@)
	cp bot/web/node_modules/socket.io-client/dist/socket.io.min.js $@

$(MODEL): $(VENV)/.installed config.yml domain.yml $(NLU_FILES) $(wildcard bot/nlu/*.py)
	$(RASA) train --data nlu_data --config config.yml --domain domain.yml --out models \
		--fixed-model-name support-assistant
	@touch $@

clean:  ## remove the trained model and the index (keeps .venv and var/)
	rm -rf models kb_index/index .rasa bot/web/static/vendor bot/web/node_modules
