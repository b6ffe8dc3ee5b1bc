// The wallboard: read-only, figures pushed by the server (server-sent events), drawn with textContent only.
"use strict";

(() => {
  const byId = (id) => document.getElementById(id);
  const ui = {
    connection: byId("connection"), updated: byId("updated"), empty: byId("empty"),
    networks: byId("networks"), template: byId("network-template"),
  };
  const clock = new Intl.DateTimeFormat("fr-FR", { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  const standings = {
    on_target: "Objectif atteint",
    below: "Sous l'objectif",
    far_below: "Loin de l'objectif",
    no_calls: "Pas encore d'appel à compter",
  };
  const cards = new Map(); // network -> its section

  function percent(rate) {
    // 0.8571 -> "85,7 %" (a non-breaking space before the sign, as French typography wants).
    return `${(rate * 100).toFixed(1).replace(".", ",")}\u00a0%`;
  }

  function duration(seconds) {
    if (seconds === null || seconds === undefined) {
      return "indisponible";
    }
    const s = Math.max(0, Math.round(seconds));
    return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
  }

  function count(value) {
    return value === null || value === undefined ? "indisponible" : String(value);
  }

  function cardOf(network) {
    let card = cards.get(network);
    if (!card) {
      card = ui.template.content.firstElementChild.cloneNode(true);
      card.dataset.network = network;
      card.querySelector(".network-name").textContent = network;
      cards.set(network, card);
      ui.networks.append(card);
    }
    return card;
  }

  function drawRate(element, rate, required, requiredWords) {
    element.dataset.standing = rate.standing;
    element.querySelector(".rate-value").textContent = rate.rate === null ? "—" : percent(rate.rate);
    element.querySelector(".rate-standing").textContent = standings[rate.standing] || rate.standing;
    element.querySelector(".rate-terms").textContent = `${rate.handled} sur ${required} ${requiredWords}`;
  }

  function draw(board) {
    ui.empty.hidden = board.networks.length > 0;
    ui.empty.textContent = "Aucune ligne n'est configurée.";
    ui.updated.textContent = `Mis à jour à ${clock.format(new Date(board.updatedAt))}`;
    for (const network of board.networks) {
      const card = cardOf(network.network);
      drawRate(card.querySelector('[data-rate="agent"]'), network.agentRate, network.agentRate.required, "appels requérant un agent");
      drawRate(card.querySelector('[data-rate="global"]'), network.globalRate, network.globalRate.required, "appels comptés");
      card.querySelector(".waiting").textContent = count(network.waiting);
      card.querySelector(".longest-wait").textContent = duration(network.longestWaitSeconds);
      card.querySelector(".agents-ready").textContent = count(network.agentsReady);
      card.querySelector(".offered").textContent = String(network.offered);
      const rows = network.queues.map((queue) => {
        const row = document.createElement("tr");
        row.dataset.queue = queue.id;
        const name = document.createElement("th");
        name.scope = "row";
        name.textContent = queue.name;
        row.append(name);
        for (const text of [count(queue.waiting), duration(queue.longestWaitSeconds), count(queue.agentsReady)]) {
          const cell = document.createElement("td");
          cell.textContent = text;
          row.append(cell);
        }
        return row;
      });
      card.querySelector(".queues tbody").replaceChildren(...rows);
    }
  }

  function setConnection(live, text) {
    ui.connection.dataset.live = String(live);
    ui.connection.textContent = text;
  }

  let reconnectDelay = 1000;
  function connect() {
    const events = new EventSource("/wallboard/events");
    events.addEventListener("open", () => {
      reconnectDelay = 1000;
      setConnection(true, "Mises à jour en direct");
    });
    events.addEventListener("board", (event) => draw(JSON.parse(event.data)));
    events.addEventListener("error", () => {
      if (events.readyState === EventSource.CLOSED) {
        // Refused (the key's cookie was withdrawn or has expired) or the server is restarting: try again later.
        events.close();
        setConnection(false, "Connexion perdue : nouvel essai dans quelques secondes… (si cela dure, rouvrez l'adresse avec la clé)");
        window.setTimeout(connect, reconnectDelay);
        reconnectDelay = Math.min(reconnectDelay * 2, 30000);
      } else {
        setConnection(false, "Connexion perdue : reconnexion en cours…");
      }
    });
  }

  connect();
})();
