// The dashboard page: everything arrives pushed on /events (server-sent events); the charts are uPlot's.
"use strict";

// What the page has shown, for people curious in the console and for the browser test.
const charstream = window.charstream = { epochs: [], latenciesMs: {}, versions: new Map() };

function lineChart(element, title, series) {
  const colors = ["#2b6cb0", "#c05621", "#6b46c1"];
  const options = {
    width: element.clientWidth || 520,
    height: 240,
    scales: { x: { time: false } },
    // Epochs are whole numbers: no ticks between them.
    axes: [{ label: "epoch", incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] }, { label: title }],
    // The third series (recent validation) is dashed: it often lies on the second.
    series: [{ label: "epoch" }].concat(series.map((label, i) => ({ label, stroke: colors[i], width: 2,
      dash: i === 2 ? [6, 4] : undefined, points: { show: true } })))
  };
  return new uPlot(options, [[]].concat(series.map(() => [])), element);
}

const lossChart = lineChart(document.getElementById("loss-chart"), "loss", ["train", "validation", "recent validation"]);
const accuracyChart = lineChart(document.getElementById("accuracy-chart"), "accuracy", ["train", "validation"]);
charstream.charts = { loss: lossChart, accuracy: accuracyChart };

function numberOrNull(value) {
  return typeof value === "number" && isFinite(value) ? value : null;
}

function drawEpochs() {
  const epochs = charstream.epochs;
  const x = epochs.map(e => e.epoch);
  lossChart.setData([x, epochs.map(e => numberOrNull(e.trainLoss)), epochs.map(e => numberOrNull(e.validationLoss)),
    epochs.map(e => numberOrNull(e.recentValidationLoss))]);
  accuracyChart.setData([x, epochs.map(e => numberOrNull(e.trainAccuracy)), epochs.map(e => numberOrNull(e.validationAccuracy))]);
}

const MAX_EPOCHS = 10000; // as the server keeps

function addEpoch(epoch, live) {
  charstream.epochs.push(epoch);
  if (charstream.epochs.length > MAX_EPOCHS) charstream.epochs.shift();
  drawEpochs();
  if (live) {
    // From the trainer's publishing the epoch to its point drawn here.
    charstream.latenciesMs[epoch.epoch] = Date.now() - epoch.publishedMs;
  }
}

function fixed(value, digits) {
  return typeof value === "number" && isFinite(value) ? value.toFixed(digits) : "–";
}

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
}

function drawVersions() {
  const body = document.querySelector("#versions tbody");
  body.replaceChildren();
  [...charstream.versions.values()].sort((a, b) => b.version - a.version).forEach(v => {
    const row = body.insertRow();
    if (v.best) row.className = "best";
    cell(row, v.version);
    cell(row, v.epoch);
    cell(row, fixed(v.trainLoss, 4));
    cell(row, fixed(v.validationLoss, 4));
    cell(row, fixed(v.validationAccuracy, 3));
    cell(row, v.best ? "★ best" : "");
  });
}

function showVersion(version) {
  if (version.best) charstream.versions.forEach(v => { v.best = false; });
  charstream.versions.set(version.version, version);
  drawVersions();
}

function showProgress(p) {
  if (!p) return;
  const bar = document.getElementById("progress");
  bar.max = Math.max(1, p.batches);
  bar.value = p.batch;
  document.getElementById("progress-label").textContent = `epoch ${p.epoch}: batch ${p.batch} of ${p.batches}, `
    + `loss ${fixed(p.runningLoss, 3)}, accuracy ${fixed(p.runningAccuracy, 3)}, `
    + `${Math.round(p.charactersPerSecond).toLocaleString()} characters/s`;
}

function showServices(services) {
  const body = document.querySelector("#services tbody");
  body.replaceChildren();
  const newest = [...charstream.versions.values()].sort((a, b) => b.version - a.version)[0];
  (services || []).forEach(s => {
    const row = body.insertRow();
    cell(row, s.name);
    cell(row, s.state, s.state);
    cell(row, s.members);
    if (s.name === "trainer") {
      cell(row, newest ? newest.consumedCharacters.toLocaleString() + " chars" : "–");
      cell(row, "–");
    } else {
      cell(row, s.processed === undefined ? "–" : s.processed.toLocaleString());
      cell(row, s.lag === undefined ? "–" : s.lag.toLocaleString());
    }
  });
}

function visible(character) {
  return { " ": "␣", "\n": "⏎", "\t": "⇥", "\r": "␍" }[character] || character;
}

function showVocabulary(entries) {
  const box = document.getElementById("vocabulary");
  box.replaceChildren(...entries.map(e => {
    const span = document.createElement("span");
    span.textContent = visible(e.char);
    span.title = `id ${e.id}`;
    return span;
  }));
  document.getElementById("vocabulary-size").textContent = `(${entries.length} characters)`;
}

let lastServices = [];
function connect() {
  const events = new EventSource("/events");
  const pill = document.getElementById("connection");
  events.addEventListener("state", message => {
    const state = JSON.parse(message.data);
    pill.textContent = "live";
    pill.className = "pill up";
    document.getElementById("model").textContent = "model " + state.model;
    charstream.epochs = [];
    charstream.versions = new Map();
    state.versions.forEach(v => charstream.versions.set(v.version, v));
    state.epochs.forEach(e => charstream.epochs.push(e));
    drawEpochs();
    drawVersions();
    showProgress(state.progress);
    showVocabulary(state.vocabulary);
    lastServices = state.services;
    showServices(lastServices);
  });
  events.addEventListener("epoch", message => addEpoch(JSON.parse(message.data), true));
  events.addEventListener("progress", message => showProgress(JSON.parse(message.data)));
  events.addEventListener("version", message => { showVersion(JSON.parse(message.data)); showServices(lastServices); });
  events.addEventListener("versionRemoved", message => {
    charstream.versions.delete(JSON.parse(message.data).version);
    drawVersions();
  });
  events.addEventListener("vocabulary", message => showVocabulary(JSON.parse(message.data)));
  events.addEventListener("services", message => { lastServices = JSON.parse(message.data); showServices(lastServices); });
  events.onerror = () => {
    // EventSource reconnects by itself; the next "state" brings the page up to date.
    pill.textContent = "reconnecting";
    pill.className = "pill down";
  };
}

function generate(submit) {
  submit.preventDefault();
  const output = document.getElementById("output");
  const info = document.getElementById("answer-info");
  const button = document.getElementById("generate");
  const prompt = document.getElementById("prompt").value;
  let pieces = 0;
  const promptSpan = document.createElement("span");
  promptSpan.className = "prompt";
  promptSpan.textContent = prompt;
  const continuation = document.createElement("span");
  continuation.id = "continuation";
  output.replaceChildren(promptSpan, continuation);
  output.dataset.state = "sending";
  output.dataset.pieces = "0";
  info.textContent = "";
  button.disabled = true;
  const done = (state, text) => {
    output.dataset.state = state;
    info.textContent = text;
    button.disabled = false;
  };
  fetch("/api/prompts", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ prompt, chars: Number(document.getElementById("chars").value),
      temperature: Number(document.getElementById("temperature").value) })
  }).then(response => response.json().then(body => ({ ok: response.ok, body }))).then(({ ok, body }) => {
    if (!ok) {
      done("error", body.error);
      return;
    }
    output.dataset.state = "streaming";
    charstream.lastRequestId = body.requestId;
    const stream = new EventSource(`/api/prompts/${body.requestId}/events`);
    stream.addEventListener("text", message => {
      continuation.textContent += JSON.parse(message.data).text;
      output.dataset.pieces = String(++pieces);
    });
    stream.addEventListener("restart", () => { continuation.textContent = ""; });
    stream.addEventListener("answer", message => {
      stream.close();
      const answer = JSON.parse(message.data);
      if (answer.error) {
        done("error", answer.error);
      } else {
        done("done", `model version ${answer.modelVersion}: ${answer.text.length} characters in ${answer.generationMs} ms, `
          + `in ${pieces} pieces`);
      }
    });
    stream.onerror = () => { if (output.dataset.state === "streaming") { stream.close(); done("error", "the answer's stream broke"); } };
  }).catch(error => done("error", String(error)));
}

document.getElementById("prompt-form").addEventListener("submit", generate);
connect();
