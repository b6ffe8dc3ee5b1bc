// The agent console. No framework, no build step: the page talks to /agent/* on the same server. The state comes
// from GET /agent/state once, then only from the server-sent events of /agent/events (pushed, never polled). The
// agenda (next callbacks and appointments of the agent's queues) is asked again every refreshSeconds the server gives.
// Nothing is kept in the browser's storage: what the caller keyed for the agent lives in the page only.
"use strict";

(() => {
  const commandHeaders = { "X-Agent-Console": "1", "Content-Type": "application/json" };
  const byId = (id) => document.getElementById(id);
  const ui = {
    who: byId("who"), connection: byId("connection"),
    login: byId("login"), loginForm: byId("login-form"), username: byId("sip-username"), password: byId("password"),
    loginSubmit: byId("login-submit"), loginError: byId("login-error"),
    workspace: byId("workspace"), stateTitle: byId("state-title"), status: document.querySelector(".status"),
    statusLabel: byId("status-label"), statusDetail: byId("status-detail"), phone: byId("phone"),
    ready: byId("ready"), pauseReason: byId("pause-reason"), pause: byId("pause"), endWrapUp: byId("end-wrap-up"),
    logout: byId("logout"), commandError: byId("command-error"),
    noCall: byId("no-call"), callCard: byId("call-card"), callLine: byId("call-line"), callQueue: byId("call-queue"),
    callWait: byId("call-wait"), callPath: byId("call-path"), forAgent: byId("for-agent"), noForAgent: byId("no-for-agent"),
    recentSummary: byId("recent-summary"), recentCalls: byId("recent-calls"), announcer: byId("announcer"),
    agendaUpdated: byId("agenda-updated"), agendaError: byId("agenda-error"),
    agendaCallbacks: byId("agenda-callbacks"), noCallbacks: byId("no-callbacks"),
    agendaAppointments: byId("agenda-appointments"), noAppointments: byId("no-appointments"),
  };

  let current = null;        // the last state shown
  let events = null;         // the EventSource while logged in
  let reconnectDelay = 1000; // after the server closed the stream
  let reconnectTimer = 0;
  let waitTimer = 0;         // ticks the caller's wait while the phone rings
  let agendaTimer = 0;       // the next reading of the agenda
  const waitedByCall = new Map(); // call id -> seconds waited, kept for the wrap-up

  const dateTime = new Intl.DateTimeFormat("fr-FR", { weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" });
  const clock = new Intl.DateTimeFormat("fr-FR", { hour: "2-digit", minute: "2-digit", second: "2-digit" });

  function duration(seconds) {
    const s = Math.max(0, Math.round(seconds));
    return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
  }

  function say(text) {
    // Emptied first so that the same sentence twice is read twice.
    ui.announcer.textContent = "";
    window.setTimeout(() => { ui.announcer.textContent = text; }, 50);
  }

  // ---- Showing the login form or the console ----

  function showLogin(message) {
    stopEvents();
    current = null;
    ui.workspace.hidden = true;
    ui.who.hidden = true;
    ui.connection.hidden = true;
    ui.login.hidden = false;
    ui.loginError.textContent = message || "";
    ui.password.value = "";
    ui.username.focus();
  }

  function showConsole(snapshot) {
    ui.login.hidden = true;
    ui.workspace.hidden = false;
    ui.who.hidden = false;
    ui.who.textContent = `${snapshot.agent.displayName} (poste ${snapshot.agent.sipUsername})`;
    fillPauseReasons(snapshot.pauseReasons);
    if (snapshot.state) {
      render(snapshot.state);
    }
    startEvents();
    loadAgenda();
  }

  function fillPauseReasons(reasons) {
    const chosen = ui.pauseReason.value;
    ui.pauseReason.replaceChildren(...reasons.map((reason) => {
      const option = document.createElement("option");
      option.value = reason.code;
      option.textContent = reason.label;
      return option;
    }));
    if (reasons.some((r) => r.code === chosen)) {
      ui.pauseReason.value = chosen;
    }
  }

  // ---- The state ----

  function render(state) {
    if (current && state.version < current.version) {
      return; // an older state overtaken by a newer one
    }
    const previous = current;
    current = state;

    ui.status.dataset.status = state.status;
    ui.statusLabel.textContent = state.statusLabel;
    ui.statusDetail.textContent = statusDetail(state);
    ui.phone.textContent = state.phoneRegistered ? "Téléphone enregistré." : "Téléphone non enregistré : allumez-le ou vérifiez sa connexion.";

    const hadFocus = document.activeElement;
    ui.ready.disabled = !state.allowed.ready;
    ui.pause.disabled = !state.allowed.pause;
    ui.pauseReason.disabled = !state.allowed.pause;
    ui.endWrapUp.disabled = !state.allowed.endWrapUp;
    if (hadFocus && hadFocus.disabled) {
      // A disabled button drops the focus to the page: keep the keyboard user in the state panel.
      ui.stateTitle.focus();
    }

    renderCall(state, previous);
  }

  function statusDetail(state) {
    if (state.status === "paused" && state.pauseReasonLabel) {
      return `(${state.pauseReasonLabel}, depuis ${clock.format(new Date(state.since))})`;
    }
    if (state.status === "logged_out") {
      return "— appuyez sur Prêt pour recevoir des appels.";
    }
    return `(depuis ${clock.format(new Date(state.since))})`;
  }

  function renderCall(state, previous) {
    window.clearInterval(waitTimer);
    const call = state.call;
    ui.callCard.hidden = !call;
    ui.noCall.hidden = !!call;
    if (!call) {
      return;
    }

    ui.callLine.textContent = call.network ? `${call.line} (${call.network})` : (call.line || "—");
    ui.callQueue.textContent = call.queueName || call.queueId;
    ui.callPath.textContent = call.pathInWords || "Aucun choix dans le serveur vocal";
    renderWait(state, call);
    renderForAgent(call.forAgent);
    renderRecentCalls(call.recentCalls);

    if (!previous || !previous.call || previous.call.callId !== call.callId) {
      say(`Appel entrant : ligne ${call.line || ""}, file ${call.queueName || call.queueId}. Parcours : ${call.pathInWords || "aucun"}.`
        + (call.recentCalls.length > 0 ? ` Ce numéro a déjà appelé ${call.recentCalls.length} fois ces 7 derniers jours.` : ""));
    }
  }

  function renderWait(state, call) {
    if (call.waitedSeconds !== null && call.waitedSeconds !== undefined) {
      waitedByCall.set(call.callId, call.waitedSeconds);
    }
    const waited = waitedByCall.get(call.callId);
    const joined = call.queuedAt ? `entré en file à ${clock.format(new Date(call.queuedAt))}` : "";
    if (waited !== undefined) {
      ui.callWait.textContent = joined ? `${duration(waited)} (${joined})` : duration(waited);
    } else if (call.queuedAt && (state.status === "reserved" || state.status === "ringing")) {
      // Still waiting while the phone rings: a display clock only, nothing asked of the server.
      const tick = () => { ui.callWait.textContent = `${duration((Date.now() - Date.parse(call.queuedAt)) / 1000)} (${joined})`; };
      tick();
      waitTimer = window.setInterval(tick, 1000);
    } else {
      ui.callWait.textContent = joined || "—";
    }
  }

  function renderForAgent(items) {
    ui.noForAgent.hidden = items.length > 0;
    ui.forAgent.hidden = items.length === 0;
    ui.forAgent.replaceChildren(...items.map((item) => {
      const row = document.createElement("div");
      const label = document.createElement("dt");
      const value = document.createElement("dd");
      label.textContent = item.label;
      value.textContent = item.value;
      row.append(label, value);
      return row;
    }));
  }

  function renderRecentCalls(calls) {
    ui.recentSummary.textContent = calls.length === 0
      ? "Premier appel de ce numéro sur cette ligne depuis 7 jours."
      : `Ce numéro a appelé cette ligne ${calls.length} fois ces 7 derniers jours.`;
    ui.recentCalls.replaceChildren(...calls.map((call) => {
      const item = document.createElement("li");
      item.textContent = `${dateTime.format(new Date(call.at))} : ${call.outcomeLabel}`;
      return item;
    }));
  }

  // ---- The agenda: next callbacks and appointments ----

  async function loadAgenda() {
    window.clearTimeout(agendaTimer);
    let next = 30;
    try {
      const response = await fetch("/agent/agenda", { credentials: "same-origin", cache: "no-store" });
      if (response.status === 401) {
        showLogin("Votre session a pris fin : reconnectez-vous.");
        return;
      }
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      const agenda = await response.json();
      next = agenda.refreshSeconds || next;
      renderAgendaTable(ui.agendaCallbacks, ui.noCallbacks, agenda.callbacks);
      renderAgendaTable(ui.agendaAppointments, ui.noAppointments, agenda.appointments);
      ui.agendaError.textContent = "";
      ui.agendaUpdated.textContent = `Mis à jour à ${clock.format(new Date())}, puis toutes les ${next} secondes.`;
    } catch {
      ui.agendaError.textContent = "La liste n'a pas pu être mise à jour : nouvel essai dans un instant.";
    }
    if (!ui.workspace.hidden) {
      agendaTimer = window.setTimeout(loadAgenda, next * 1000);
    }
  }

  function renderAgendaTable(table, empty, items) {
    table.hidden = items.length === 0;
    empty.hidden = items.length > 0;
    table.tBodies[0].replaceChildren(...items.map((item) => {
      const row = document.createElement("tr");
      row.dataset.kind = item.kind;
      const cells = [item.when, item.reason, item.queueName, item.line, item.number];
      row.append(...cells.map((text, i) => {
        const cell = document.createElement("td");
        cell.textContent = text;
        if (i === cells.length - 1) {
          cell.className = "number";
        }
        return cell;
      }));
      return row;
    }));
  }

  // ---- Live events ----

  function startEvents() {
    stopEvents();
    events = new EventSource("/agent/events");
    events.addEventListener("open", () => {
      reconnectDelay = 1000;
      setConnection(true);
    });
    events.addEventListener("state", (event) => render(JSON.parse(event.data)));
    events.addEventListener("ended", () => showLogin("Votre session a pris fin : reconnectez-vous."));
    events.addEventListener("error", () => {
      setConnection(false);
      if (events && events.readyState === EventSource.CLOSED) {
        // The server refused or closed the stream: learn why before trying again.
        stopEvents();
        reconnectTimer = window.setTimeout(() => resume(false), reconnectDelay);
        reconnectDelay = Math.min(reconnectDelay * 2, 30000);
      }
      // Otherwise the browser reconnects by itself.
    });
  }

  function stopEvents() {
    window.clearTimeout(reconnectTimer);
    window.clearTimeout(agendaTimer);
    window.clearInterval(waitTimer);
    if (events) {
      events.close();
      events = null;
    }
  }

  function setConnection(live) {
    ui.connection.hidden = false;
    ui.connection.dataset.live = String(live);
    ui.connection.textContent = live ? "Mises à jour en direct" : "Connexion perdue : reconnexion en cours…";
  }

  // ---- Talking to the server ----

  async function resume(firstVisit) {
    try {
      const response = await fetch("/agent/state", { credentials: "same-origin", cache: "no-store" });
      if (response.status === 401) {
        if (firstVisit && !ui.login.hidden) {
          // The form is on screen from the start (autofocus): the agent may already be typing. Clearing the
          // password or moving the focus now would lose what was typed and submit an empty field.
          return;
        }
        showLogin(firstVisit ? "" : "Votre session a pris fin : reconnectez-vous.");
        return;
      }
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      showConsole(await response.json());
    } catch {
      if (!ui.workspace.hidden) {
        setConnection(false);
        reconnectTimer = window.setTimeout(() => resume(false), reconnectDelay);
        reconnectDelay = Math.min(reconnectDelay * 2, 30000);
      } else if (!ui.login.hidden) {
        ui.loginError.textContent = "Le service ne répond pas : réessayez dans un instant.";
      } else {
        showLogin("Le service ne répond pas : réessayez dans un instant.");
      }
    }
  }

  async function command(path, body) {
    ui.commandError.textContent = "";
    let response;
    try {
      response = await fetch(path, { method: "POST", headers: commandHeaders, credentials: "same-origin", body: JSON.stringify(body || {}) });
    } catch {
      ui.commandError.textContent = "Le service ne répond pas : réessayez dans un instant.";
      return;
    }
    if (response.status === 401) {
      showLogin("Votre session a pris fin : reconnectez-vous.");
      return;
    }
    const answer = await response.json().catch(() => ({}));
    if (response.ok) {
      render(answer);
      return;
    }
    ui.commandError.textContent = answer.message || answer.error || "Cette action n'est pas possible maintenant.";
    if (answer.state) {
      render(answer.state);
    }
  }

  ui.loginForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    ui.loginError.textContent = "";
    if (!ui.username.value.trim() || !ui.password.value) {
      ui.loginError.textContent = "Saisissez votre identifiant et votre mot de passe.";
      (ui.username.value.trim() ? ui.password : ui.username).focus();
      return;
    }
    ui.loginSubmit.disabled = true;
    ui.loginForm.setAttribute("aria-busy", "true");
    ui.loginSubmit.textContent = "Vérification…";
    try {
      const response = await fetch("/agent/session", {
        method: "POST", headers: commandHeaders, credentials: "same-origin",
        body: JSON.stringify({ sipUsername: ui.username.value.trim(), password: ui.password.value }),
      });
      const answer = await response.json().catch(() => ({}));
      if (!response.ok) {
        ui.loginError.textContent = answer.message || "La connexion a échoué.";
        ui.password.value = "";
        ui.password.focus();
        return;
      }
      ui.password.value = "";
      showConsole(answer);
      ui.stateTitle.focus();
    } catch {
      ui.loginError.textContent = "Le service ne répond pas : réessayez dans un instant.";
    } finally {
      ui.loginSubmit.disabled = false;
      ui.loginForm.removeAttribute("aria-busy");
      ui.loginSubmit.textContent = "Se connecter";
    }
  });

  ui.ready.addEventListener("click", () => command("/agent/ready"));
  ui.pause.addEventListener("click", () => command("/agent/pause", { reason: ui.pauseReason.value }));
  ui.endWrapUp.addEventListener("click", () => command("/agent/wrap-up/end"));
  ui.logout.addEventListener("click", async () => {
    ui.commandError.textContent = "";
    try {
      const response = await fetch("/agent/session", { method: "DELETE", headers: commandHeaders, credentials: "same-origin" });
      if (response.status === 204 || response.status === 401) {
        showLogin("Vous êtes déconnecté.");
        return;
      }
      const answer = await response.json().catch(() => ({}));
      ui.commandError.textContent = answer.message || "La déconnexion a échoué : réessayez.";
    } catch {
      ui.commandError.textContent = "Le service ne répond pas : réessayez dans un instant.";
    }
  });

  resume(true);
})();
