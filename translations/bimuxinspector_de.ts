<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AttachedProcess</name>
    <message>
        <source>the process detached</source>
        <translation>der Prozess hat sich getrennt</translation>
    </message>
    <message>
        <source>the inspector stopped listening</source>
        <translation>der Inspector lauscht nicht mehr</translation>
    </message>
    <message>
        <source>%1 (pid %2)</source>
        <translation>%1 (PID %2)</translation>
    </message>
    <message>
        <source>unnamed</source>
        <translation>unbenannt</translation>
    </message>
    <message>
        <source>attach: %1</source>
        <translation>angebunden: %1</translation>
    </message>
    <message>
        <source>unknown flag %1</source>
        <translation>unbekanntes Flag %1</translation>
    </message>
</context>
<context>
    <name>AttachedProcessModel</name>
    <message>
        <source>unnamed</source>
        <translation>unbenannt</translation>
    </message>
    <message>
        <source>Pid</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>Anwendung</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <source>Events dropped</source>
        <translation>Verworfene Ereignisse</translation>
    </message>
    <message>
        <source>Attached since</source>
        <translation>Angebunden seit</translation>
    </message>
</context>
<context>
    <name>CaptureFile</name>
    <message>
        <source>not a BiMux Inspector capture file</source>
        <translation>keine Aufzeichnungsdatei des BiMux Inspectors</translation>
    </message>
    <message>
        <source>capture file version %1 is newer than this inspector</source>
        <translation>Aufzeichnungsdatei der Version %1 ist neuer als dieser Inspector</translation>
    </message>
    <message>
        <source>line %1 is not a JSON object</source>
        <translation>Zeile %1 ist kein JSON-Objekt</translation>
    </message>
    <message>
        <source>line %1 is not a frame</source>
        <translation>Zeile %1 ist kein Frame</translation>
    </message>
    <message>
        <source>line %1: frame of an unknown connection</source>
        <translation>Zeile %1: Frame einer unbekannten Verbindung</translation>
    </message>
    <message>
        <source>line %1 is not a connection</source>
        <translation>Zeile %1 ist keine Verbindung</translation>
    </message>
    <message>
        <source>line %1: connection %2 appears twice</source>
        <translation>Zeile %1: Verbindung %2 kommt doppelt vor</translation>
    </message>
</context>
<context>
    <name>ComposeWidget</name>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Call (rpc)</source>
        <translation>Aufruf (rpc)</translation>
    </message>
    <message>
        <source>Oneway message</source>
        <translation>Einweg-Nachricht</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>Hex</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>Nutzdaten</translation>
    </message>
    <message>
        <source>Disconnected.</source>
        <translation>Getrennt.</translation>
    </message>
    <message numerus="yes">
        <source>Call %1 answered after %2 ms, %n byte(s):</source>
        <translation>
            <numerusform>Aufruf %1 nach %2 ms beantwortet, %n Byte:</numerusform>
            <numerusform>Aufruf %1 nach %2 ms beantwortet, %n Bytes:</numerusform>
        </translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>Server:</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Art:</translation>
    </message>
    <message>
        <source>Route:</source>
        <translation>Route:</translation>
    </message>
    <message>
        <source>Timeout:</source>
        <translation>Zeitlimit:</translation>
    </message>
    <message>
        <source>Payload as:</source>
        <translation>Nutzdaten als:</translation>
    </message>
    <message>
        <source>The payload is not hex: use pairs of digits, like 0a ff 10.</source>
        <translation>Die Nutzdaten sind kein Hex: bitte Ziffernpaare wie 0a ff 10 verwenden.</translation>
    </message>
    <message numerus="yes">
        <source>Sent a oneway message of %n byte(s) on route %1.</source>
        <translation>
            <numerusform>Einweg-Nachricht mit %n Byte auf Route %1 gesendet.</numerusform>
            <numerusform>Einweg-Nachricht mit %n Bytes auf Route %1 gesendet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not send: not connected, or too large.</source>
        <translation>Senden nicht möglich: nicht verbunden oder zu groß.</translation>
    </message>
    <message>
        <source>Call %1 on route %2 sent.</source>
        <translation>Aufruf %1 auf Route %2 gesendet.</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>Trennen</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>Cancel Calls in Flight</source>
        <translation>Laufende Aufrufe abbrechen</translation>
    </message>
    <message numerus="yes">
        <source>Cancels the %n call(s) the inspector made that wait for an answer</source>
        <translation>
            <numerusform>Bricht den %n Aufruf des Inspektors ab, der auf eine Antwort wartet</numerusform>
            <numerusform>Bricht die %n Aufrufe des Inspektors ab, die auf eine Antwort warten</numerusform>
        </translation>
    </message>
    <message>
        <source>Send from the inspector&apos;s own connection, or inject into a connection the proxy relays</source>
        <translation>Über die eigene Verbindung des Inspektors senden oder in eine vom Proxy weitergeleitete Verbindung einschleusen</translation>
    </message>
    <message>
        <source>To the server (as the client)</source>
        <translation>An den Server (als Client)</translation>
    </message>
    <message>
        <source>To the client (as the server)</source>
        <translation>An den Client (als Server)</translation>
    </message>
    <message>
        <source>The peer that gets the injected frame; its answer is kept from the other peer</source>
        <translation>Die Gegenstelle, die den eingeschleusten Frame erhält; ihre Antwort wird der anderen Gegenstelle vorenthalten</translation>
    </message>
    <message>
        <source>Target:</source>
        <translation>Ziel:</translation>
    </message>
    <message>
        <source>Inject:</source>
        <translation>Einschleusen:</translation>
    </message>
    <message>
        <source>Own connection (dial a URL)</source>
        <translation>Eigene Verbindung (URL wählen)</translation>
    </message>
    <message>
        <source>Proxied #%1</source>
        <translation>Weitergeleitet #%1</translation>
    </message>
    <message>
        <source> (from %1)</source>
        <translation> (von %1)</translation>
    </message>
    <message>
        <source>Call %1 on route %2 injected into connection #%3.</source>
        <translation>Aufruf %1 auf Route %2 in Verbindung #%3 eingeschleust.</translation>
    </message>
    <message>
        <source>Not a ws:// or wss:// URL: %1</source>
        <translation>Keine ws://- oder wss://-URL: %1</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Verbinde mit %1…</translation>
    </message>
    <message>
        <source>Connected to %1.</source>
        <translation>Mit %1 verbunden.</translation>
    </message>
    <message>
        <source>Dialing %1 was cancelled.</source>
        <translation>Verbindungsaufbau zu %1 abgebrochen.</translation>
    </message>
    <message>
        <source>Could not connect to %1: %2</source>
        <translation>Keine Verbindung zu %1: %2</translation>
    </message>
    <message>
        <source>Disconnected: %1</source>
        <translation>Getrennt: %1</translation>
    </message>
    <message>
        <source>Call %1 failed after %2 ms: %3, %4</source>
        <translation>Aufruf %1 nach %2 ms fehlgeschlagen: %3, %4</translation>
    </message>
    <message>
        <source>Server URL, e.g. ws://host:port/mux</source>
        <translation>Server-URL, z. B. ws://host:port/mux</translation>
    </message>
    <message numerus="yes">
        <source>Only the first %n byte(s) of this payload were kept.</source>
        <translation>
            <numerusform>Nur das erste Byte dieser Nutzdaten wurde behalten.</numerusform>
            <numerusform>Nur die ersten %n Bytes dieser Nutzdaten wurden behalten.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>compose</source>
        <translation>Verfassen</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>nicht verbunden</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>the proxied connection is not open</source>
        <translation>die weitergeleitete Verbindung ist nicht offen</translation>
    </message>
    <message>
        <source>disconnected: the proxied connection is gone</source>
        <translation>getrennt: die weitergeleitete Verbindung besteht nicht mehr</translation>
    </message>
    <message>
        <source>%1 (close code %2)</source>
        <translation>%1 (Schließcode %2)</translation>
    </message>
</context>
<context>
    <name>ConnectionModel</name>
    <message>
        <source>opening</source>
        <translation>wird geöffnet</translation>
    </message>
    <message>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>geschlossen</translation>
    </message>
    <message>
        <source>Closed with code %1: %2</source>
        <translation>Geschlossen mit Code %1: %2</translation>
    </message>
    <message>
        <source>#</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Kennung</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Peer</source>
        <translation>Gegenstelle</translation>
    </message>
    <message>
        <source>Frames in</source>
        <translation>Frames ein</translation>
    </message>
    <message>
        <source>Frames out</source>
        <translation>Frames aus</translation>
    </message>
    <message>
        <source>Bytes in</source>
        <translation>Bytes ein</translation>
    </message>
    <message>
        <source>Bytes out</source>
        <translation>Bytes aus</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <source>The same link seen from its other end (the peer is attached or proxied too)</source>
        <translation>Dieselbe Verbindung, vom anderen Ende gesehen (die Gegenstelle ist ebenfalls angebunden oder läuft durch den Proxy)</translation>
    </message>
    <message>
        <source>open when saved</source>
        <translation>beim Speichern offen</translation>
    </message>
    <message>
        <source>Other end</source>
        <translation>Anderes Ende</translation>
    </message>
</context>
<context>
    <name>FaultInjector</name>
    <message>
        <source>add latency</source>
        <translation>Latenz hinzufügen</translation>
    </message>
    <message>
        <source>drop</source>
        <translation>verwerfen</translation>
    </message>
    <message>
        <source>corrupt the payload</source>
        <translation>Nutzdaten verfälschen</translation>
    </message>
    <message>
        <source>cut the link</source>
        <translation>Verbindung kappen</translation>
    </message>
    <message>
        <source>both</source>
        <translation>beide</translation>
    </message>
    <message>
        <source>→ out</source>
        <translation>→ aus</translation>
    </message>
    <message>
        <source>← in</source>
        <translation>← ein</translation>
    </message>
    <message>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>On</source>
        <translation>Ein</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Richtung</translation>
    </message>
    <message>
        <source>Routes</source>
        <translation>Routen</translation>
    </message>
    <message>
        <source>Fault</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Anteil</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
</context>
<context>
    <name>FaultsWidget</name>
    <message numerus="yes">
        <source>Cut %n proxied link(s).</source>
        <translation>
            <numerusform>%n Proxy-Verbindung gekappt.</numerusform>
            <numerusform>%n Proxy-Verbindungen gekappt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Inject faults</source>
        <translation>Fehler einschleusen</translation>
    </message>
    <message>
        <source>Switches every rule below on or off at once</source>
        <translation>Schaltet alle Regeln unten auf einmal ein oder aus</translation>
    </message>
    <message>
        <source>The proxy applies these rules to the frames it relays, as it receives them; faulted frames are marked in the Status column.</source>
        <translation>Der Proxy wendet diese Regeln auf die weitergeleiteten Frames an, sobald er sie empfängt; betroffene Frames sind in der Spalte Status markiert.</translation>
    </message>
    <message>
        <source>both directions</source>
        <translation>beide Richtungen</translation>
    </message>
    <message>
        <source>→ out (to the server)</source>
        <translation>→ aus (zum Server)</translation>
    </message>
    <message>
        <source>← in (to the client)</source>
        <translation>← ein (zum Client)</translation>
    </message>
    <message>
        <source>all routes, or e.g. 1, 3-5</source>
        <translation>alle Routen, oder z. B. 1, 3-5</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>Add Rule</source>
        <translation>Regel hinzufügen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Cut All Links Now</source>
        <translation>Alle Verbindungen jetzt kappen</translation>
    </message>
    <message>
        <source>Aborts every proxied connection without a close handshake, as a broken network would: clients see an abnormal closure</source>
        <translation>Bricht jede Proxy-Verbindung ohne Schließ-Handshake ab, wie ein gestörtes Netz: Clients sehen einen abnormalen Abbruch</translation>
    </message>
    <message>
        <source>Direction:</source>
        <translation>Richtung:</translation>
    </message>
    <message>
        <source>Routes:</source>
        <translation>Routen:</translation>
    </message>
    <message>
        <source>Fault:</source>
        <translation>Fehler:</translation>
    </message>
    <message>
        <source>Share:</source>
        <translation>Anteil:</translation>
    </message>
    <message>
        <source>Latency:</source>
        <translation>Latenz:</translation>
    </message>
    <message>
        <source>Not a list of routes: %1</source>
        <translation>Keine Liste von Routen: %1</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Find in payloads</source>
        <translation>In Nutzdaten suchen</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Hex bytes</source>
        <translation>Hex-Bytes</translation>
    </message>
    <message>
        <source>Text: ASCII letters in any case, in the payload or error message. Hex bytes: like 0a ff 10, in the payload.</source>
        <translation>Text: ASCII-Buchstaben ohne Beachtung der Groß-/Kleinschreibung, in Nutzdaten oder Fehlermeldung. Hex-Bytes: wie 0a ff 10, in den Nutzdaten.</translation>
    </message>
    <message>
        <source>Previous match (Shift+F3)</source>
        <translation>Vorheriger Treffer (Umschalt+F3)</translation>
    </message>
    <message>
        <source>Next match (F3)</source>
        <translation>Nächster Treffer (F3)</translation>
    </message>
    <message>
        <source>Close (Escape)</source>
        <translation>Schließen (Esc)</translation>
    </message>
    <message numerus="yes">
        <source>%n frame(s) match</source>
        <translation>
            <numerusform>%n Frame passt</numerusform>
            <numerusform>%n Frames passen</numerusform>
        </translation>
    </message>
    <message>
        <source>not found</source>
        <translation>nicht gefunden</translation>
    </message>
</context>
<context>
    <name>FrameDetailView</name>
    <message>
        <source>Go to request/response</source>
        <translation>Zu Anfrage/Antwort</translation>
    </message>
    <message>
        <source>Jump between a request and its response (Ctrl+J)</source>
        <translation>Zwischen einer Anfrage und ihrer Antwort springen (Strg+J)</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Richtung</translation>
    </message>
    <message>
        <source>outgoing</source>
        <translation>ausgehend</translation>
    </message>
    <message>
        <source>incoming</source>
        <translation>eingehend</translation>
    </message>
    <message>
        <source>Flag</source>
        <translation>Flag</translation>
    </message>
    <message>
        <source>not a bimux frame: %1</source>
        <translation>kein bimux-Frame: %1</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Nummer</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>Route</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>%1 (%2): %3</source>
        <translation>%1 (%2): %3</translation>
    </message>
    <message>
        <source>Timeout</source>
        <translation>Zeitlimit</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>%1 bytes on the wire, payload %2 bytes</source>
        <translation>%1 Bytes auf der Leitung, Nutzdaten %2 Bytes</translation>
    </message>
    <message numerus="yes">
        <source>… %n more byte(s) not kept</source>
        <translation>
            <numerusform>… %n weiteres Byte nicht behalten</numerusform>
            <numerusform>… %n weitere Bytes nicht behalten</numerusform>
        </translation>
    </message>
    <message>
        <source>Go to response</source>
        <translation>Zur Antwort</translation>
    </message>
    <message>
        <source>Go to request</source>
        <translation>Zur Anfrage</translation>
    </message>
    <message>
        <source>Select a frame to see its header and payload.</source>
        <translation>Einen Frame auswählen, um Kopf und Nutzdaten zu sehen.</translation>
    </message>
    <message>
        <source>Payload as %1:</source>
        <translation>Nutzdaten als %1:</translation>
    </message>
    <message>
        <source>Payload as %1: cannot decode</source>
        <translation>Nutzdaten als %1: nicht dekodierbar</translation>
    </message>
    <message>
        <source>Injected</source>
        <translation>Eingeschleust</translation>
    </message>
    <message>
        <source>by the inspector; the other peer never sees it</source>
        <translation>vom Inspektor; die andere Gegenstelle sieht ihn nie</translation>
    </message>
    <message>
        <source>Fault</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>%1 by the proxy&apos;s fault injection</source>
        <translation>%1 durch die Fehlereinschleusung des Proxys</translation>
    </message>
</context>
<context>
    <name>FrameModel</name>
    <message>
        <source>→ out</source>
        <translation>→ aus</translation>
    </message>
    <message>
        <source>← in</source>
        <translation>← ein</translation>
    </message>
    <message>
        <source>malformed</source>
        <translation>fehlerhaft</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Conn</source>
        <translation>Verb.</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Richtung</translation>
    </message>
    <message>
        <source>Flag</source>
        <translation>Flag</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Nummer</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>Route</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>Nutzdaten</translation>
    </message>
    <message>
        <source>→ out, injected</source>
        <translation>→ aus, eingeschleust</translation>
    </message>
    <message>
        <source>← in, injected</source>
        <translation>← ein, eingeschleust</translation>
    </message>
    <message>
        <source>Injected by the inspector: the other peer of the proxied connection never sees this frame</source>
        <translation>Vom Inspektor eingeschleust: die andere Gegenstelle der weitergeleiteten Verbindung sieht diesen Frame nie</translation>
    </message>
    <message>
        <source>Fault injected by the proxy: %1</source>
        <translation>Vom Proxy eingeschleuster Fehler: %1</translation>
    </message>
</context>
<context>
    <name>FrameNames</name>
    <message>
        <source>delayed %1 ms</source>
        <translation>um %1 ms verzögert</translation>
    </message>
    <message>
        <source>corrupted</source>
        <translation>verfälscht</translation>
    </message>
    <message>
        <source>dropped</source>
        <translation>verworfen</translation>
    </message>
    <message>
        <source>link cut</source>
        <translation>Verbindung gekappt</translation>
    </message>
</context>
<context>
    <name>FramesView</name>
    <message>
        <source>Follow</source>
        <translation>Folgen</translation>
    </message>
    <message>
        <source>Routes, e.g. 1, 3-5</source>
        <translation>Routen, z. B. 1, 3-5</translation>
    </message>
    <message>
        <source>All flags</source>
        <translation>Alle Flags</translation>
    </message>
    <message>
        <source>Both directions</source>
        <translation>Beide Richtungen</translation>
    </message>
    <message>
        <source>→ out</source>
        <translation>→ aus</translation>
    </message>
    <message>
        <source>← in</source>
        <translation>← ein</translation>
    </message>
    <message>
        <source>Text in payload or error</source>
        <translation>Text in Nutzdaten oder Fehler</translation>
    </message>
    <message>
        <source>Keep the newest frame in view</source>
        <translation>Den neuesten Frame im Blick behalten</translation>
    </message>
    <message>
        <source>The other frame of this call is no longer kept.</source>
        <translation>Der andere Frame dieses Aufrufs wird nicht mehr behalten.</translation>
    </message>
    <message>
        <source>The other frame of this call is filtered out.</source>
        <translation>Der andere Frame dieses Aufrufs ist ausgefiltert.</translation>
    </message>
    <message>
        <source>→ out, injected</source>
        <translation>→ aus, eingeschleust</translation>
    </message>
    <message>
        <source>Replay to Its Connection</source>
        <translation>Erneut über dieselbe Verbindung senden</translation>
    </message>
    <message>
        <source>Send this request or oneway message again, on the same connection and toward the same peer</source>
        <translation>Diese Anfrage oder Einwegnachricht erneut senden, über dieselbe Verbindung an dieselbe Gegenstelle</translation>
    </message>
    <message>
        <source>Edit in Compose…</source>
        <translation>In „Verfassen“ bearbeiten…</translation>
    </message>
    <message>
        <source>%1 only ✕</source>
        <translation>nur %1 ✕</translation>
    </message>
    <message>
        <source>Show the frames of every connection</source>
        <translation>Die Frames aller Verbindungen zeigen</translation>
    </message>
    <message>
        <source>Follow needs the frames sorted by time</source>
        <translation>Folgen braucht die Frames nach Zeit sortiert</translation>
    </message>
    <message>
        <source>Follow is off, so that the selected frame stays in view. Turn it on to see the newest frames.</source>
        <translation>Folgen ist aus, damit der gewählte Frame sichtbar bleibt. Einschalten, um die neuesten Frames zu sehen.</translation>
    </message>
</context>
<context>
    <name>InflightModel</name>
    <message>
        <source>→ out</source>
        <translation>→ aus</translation>
    </message>
    <message>
        <source>← in</source>
        <translation>← ein</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>passed %1 s ago</source>
        <translation>vor %1 s abgelaufen</translation>
    </message>
    <message>
        <source>in %1 s</source>
        <translation>in %1 s</translation>
    </message>
    <message>
        <source>Conn</source>
        <translation>Verb.</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Nummer</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>Route</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>Aufrufer</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Frist</translation>
    </message>
    <message>
        <source>inspector (can cancel)</source>
        <translation>Inspektor (abbrechbar)</translation>
    </message>
    <message>
        <source>Made by</source>
        <translation>Von</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>BiMux Inspector</source>
        <translation>BiMux Inspector</translation>
    </message>
    <message>
        <source>Routes</source>
        <translation>Routen</translation>
    </message>
    <message>
        <source>In-flight calls (%1)</source>
        <translation>Laufende Aufrufe (%1)</translation>
    </message>
    <message>
        <source>Connections (%1 open)</source>
        <translation>Verbindungen (%1 offen)</translation>
    </message>
    <message>
        <source>Compose</source>
        <translation>Verfassen</translation>
    </message>
    <message>
        <source>Start &amp;Proxy…</source>
        <translation>&amp;Proxy starten…</translation>
    </message>
    <message>
        <source>Listen on a local port and forward to a ws:// server, showing every frame</source>
        <translation>Auf einem lokalen Port lauschen und an einen ws://-Server weiterleiten, jeden Frame zeigen</translation>
    </message>
    <message>
        <source>S&amp;top Proxy</source>
        <translation>Proxy &amp;beenden</translation>
    </message>
    <message>
        <source>Accept apps started with BIMUXQT_INSPECT=127.0.0.1:%1</source>
        <translation>Apps annehmen, die mit BIMUXQT_INSPECT=127.0.0.1:%1 gestartet wurden</translation>
    </message>
    <message>
        <source>Cannot listen on port %1: %2</source>
        <translation>Kann nicht auf Port %1 lauschen: %2</translation>
    </message>
    <message>
        <source>&amp;Open Capture…</source>
        <translation>Aufzeichnung ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>&amp;Save Capture…</source>
        <translation>Aufzeichnung &amp;speichern…</translation>
    </message>
    <message>
        <source>&amp;Export Frames as JSON…</source>
        <translation>Frames als JSON &amp;exportieren…</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Stop updating the views; frames keep being recorded</source>
        <translation>Ansichten nicht mehr aktualisieren; Frames werden weiter aufgezeichnet</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>&amp;Clear</source>
        <translation>&amp;Leeren</translation>
    </message>
    <message>
        <source>Run &amp;Demo Traffic</source>
        <translation>&amp;Demo-Verkehr starten</translation>
    </message>
    <message>
        <source>The demo could not start.</source>
        <translation>Die Demo konnte nicht starten.</translation>
    </message>
    <message>
        <source>&amp;Frame Limit…</source>
        <translation>&amp;Frame-Grenze…</translation>
    </message>
    <message>
        <source>&amp;Go to Request/Response</source>
        <translation>&amp;Zu Anfrage/Antwort</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Capture</source>
        <translation>Aufzeichnung</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Capture</source>
        <translation>&amp;Aufzeichnung</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>System Language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>%1 frames kept of %2 seen (limit %3)</source>
        <translation>%1 Frames behalten von %2 gesehenen (Grenze %3)</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>%1 frames/s</source>
        <translation>%1 Frames/s</translation>
    </message>
    <message>
        <source>proxy %1 → %2</source>
        <translation>Proxy %1 → %2</translation>
    </message>
    <message numerus="yes">
        <source>attach port %1, %n process(es)</source>
        <translation>
            <numerusform>Anbindungsport %1, %n Prozess</numerusform>
            <numerusform>Anbindungsport %1, %n Prozesse</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 events dropped by apps</source>
        <translation>%1 Ereignisse von Apps verworfen</translation>
    </message>
    <message>
        <source>no source: start the proxy or listen for apps</source>
        <translation>keine Quelle: Proxy starten oder auf Apps warten</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>%1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>BiMux Inspector – %1</source>
        <translation>BiMux Inspector – %1</translation>
    </message>
    <message>
        <source>Cannot save %1: %2</source>
        <translation>%1 kann nicht gespeichert werden: %2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Cannot export to %1: %2</source>
        <translation>Export nach %1 nicht möglich: %2</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n frame(s) to %1</source>
        <translation>
            <numerusform>%n Frame nach %1 exportiert</numerusform>
            <numerusform>%n Frames nach %1 exportiert</numerusform>
        </translation>
    </message>
    <message>
        <source>Open Capture</source>
        <translation>Aufzeichnung öffnen</translation>
    </message>
    <message>
        <source>BiMux captures (*.bimuxcap *.jsonl);;All files (*)</source>
        <translation>BiMux-Aufzeichnungen (*.bimuxcap *.jsonl);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Save Capture</source>
        <translation>Aufzeichnung speichern</translation>
    </message>
    <message>
        <source>BiMux captures (*.bimuxcap *.jsonl)</source>
        <translation>BiMux-Aufzeichnungen (*.bimuxcap *.jsonl)</translation>
    </message>
    <message>
        <source>Export Frames</source>
        <translation>Frames exportieren</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Frame Limit</source>
        <translation>Frame-Grenze</translation>
    </message>
    <message>
        <source>Frames to keep (the oldest go first):</source>
        <translation>Zu behaltende Frames (die ältesten gehen zuerst):</translation>
    </message>
    <message>
        <source>&amp;Decode Payloads…</source>
        <translation>Nutzdaten &amp;dekodieren…</translation>
    </message>
    <message>
        <source>Show the payloads of a route as messages of a .proto file</source>
        <translation>Die Nutzdaten einer Route als Nachrichten einer .proto-Datei zeigen</translation>
    </message>
    <message>
        <source>Attached apps (%1)</source>
        <translation>Angebundene Apps (%1)</translation>
    </message>
    <message>
        <source>Cancel Call</source>
        <translation>Aufruf abbrechen</translation>
    </message>
    <message>
        <source>Cancel the selected calls the inspector made (Compose); calls of other peers are not the inspector&apos;s to cancel</source>
        <translation>Die ausgewählten Aufrufe des Inspektors (Verfassen) abbrechen; Aufrufe anderer Gegenstellen kann der Inspektor nicht abbrechen</translation>
    </message>
    <message numerus="yes">
        <source>Cancelled %n call(s).</source>
        <translation>
            <numerusform>%n Aufruf abgebrochen.</numerusform>
            <numerusform>%n Aufrufe abgebrochen.</numerusform>
        </translation>
    </message>
    <message>
        <source>No frame is kept from that moment.</source>
        <translation>Von diesem Zeitpunkt ist kein Frame mehr vorhanden.</translation>
    </message>
    <message>
        <source>BiMux Inspector – demo traffic</source>
        <translation>BiMux-Inspektor – Demo-Verkehr</translation>
    </message>
    <message>
        <source>Click a connection to see its frames only</source>
        <translation>Eine Verbindung anklicken, um nur ihre Frames zu sehen</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Zeitverlauf</translation>
    </message>
    <message>
        <source>Connections (%1 open when saved)</source>
        <translation>Verbindungen (%1 beim Speichern offen)</translation>
    </message>
    <message>
        <source>Faults</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>saved %1</source>
        <translation>gespeichert %1</translation>
    </message>
    <message>
        <source>capture file %1</source>
        <translation>Aufzeichnung %1</translation>
    </message>
    <message>
        <source>demo traffic through proxy %1</source>
        <translation>Demo-Verkehr über Proxy %1</translation>
    </message>
    <message>
        <source>Connection #%1</source>
        <translation>Verbindung #%1</translation>
    </message>
    <message>
        <source>Connections #%1 and its other end</source>
        <translation>Verbindung #%1 und ihr anderes Ende</translation>
    </message>
    <message>
        <source>Showing the frames of %1; the button next to Follow shows all again.</source>
        <translation>Frames von %1 werden gezeigt; die Schaltfläche neben „Folgen“ zeigt wieder alle.</translation>
    </message>
    <message>
        <source>Sent frame %1 of route %2 again (see Compose).</source>
        <translation>Frame %1 der Route %2 erneut gesendet (siehe „Verfassen“).</translation>
    </message>
    <message>
        <source>This frame cannot be sent again: its connection is gone.</source>
        <translation>Dieser Frame kann nicht erneut gesendet werden: seine Verbindung besteht nicht mehr.</translation>
    </message>
    <message>
        <source>Not a ws:// or wss:// URL: %1</source>
        <translation>Keine ws://- oder wss://-URL: %1</translation>
    </message>
    <message>
        <source>link cut by the user</source>
        <translation>Verbindung vom Benutzer gekappt</translation>
    </message>
    <message>
        <source>&amp;Listen for Apps…</source>
        <translation>Auf Apps &amp;warten…</translation>
    </message>
    <message>
        <source>Open a capture file in a window of its own</source>
        <translation>Eine Aufzeichnung in einem eigenen Fenster öffnen</translation>
    </message>
    <message>
        <source>Demo traffic in a window of its own, through a proxy of its own</source>
        <translation>Demo-Verkehr in einem eigenen Fenster, über einen eigenen Proxy</translation>
    </message>
    <message>
        <source>Stop &amp;Demo</source>
        <translation>&amp;Demo beenden</translation>
    </message>
    <message>
        <source>Show &amp;Live Window</source>
        <translation>&amp;Live-Fenster zeigen</translation>
    </message>
    <message>
        <source>&amp;Find in Payloads…</source>
        <translation>In Nutzdaten &amp;suchen…</translation>
    </message>
    <message>
        <source>Show &amp;All Connections&apos; Frames</source>
        <translation>Frames &amp;aller Verbindungen zeigen</translation>
    </message>
    <message>
        <source>Show Both Ends&apos; Frames</source>
        <translation>Frames beider Enden zeigen</translation>
    </message>
    <message>
        <source>Cut This Link</source>
        <translation>Diese Verbindung kappen</translation>
    </message>
    <message>
        <source>Aborts the proxied connection as a broken network would</source>
        <translation>Bricht die Proxy-Verbindung ab wie ein gestörtes Netz</translation>
    </message>
    <message>
        <source>Close &amp;Window</source>
        <translation>&amp;Fenster schließen</translation>
    </message>
    <message>
        <source>Listen for Apps</source>
        <translation>Auf Apps warten</translation>
    </message>
    <message>
        <source>Accept apps started with BIMUXQT_INSPECT=127.0.0.1:PORT on port:</source>
        <translation>Apps, die mit BIMUXQT_INSPECT=127.0.0.1:PORT gestartet wurden, annehmen auf Port:</translation>
    </message>
    <message>
        <source>Streams (%1 open when saved)</source>
        <translation>Streams (%1 beim Speichern offen)</translation>
    </message>
    <message>
        <source>Streams (%1 open)</source>
        <translation>Streams (%1 offen)</translation>
    </message>
</context>
<context>
    <name>PayloadDecoder</name>
    <message>
        <source>%1 is not a file</source>
        <translation>%1 ist keine Datei</translation>
    </message>
    <message>
        <source>unknown message type %1</source>
        <translation>unbekannter Nachrichtentyp %1</translation>
    </message>
    <message>
        <source>the payload was cut; it cannot be decoded</source>
        <translation>die Nutzdaten wurden gekürzt; sie können nicht dekodiert werden</translation>
    </message>
    <message>
        <source>the payload is not a %1</source>
        <translation>die Nutzdaten sind kein %1</translation>
    </message>
</context>
<context>
    <name>PayloadTypesDialog</name>
    <message>
        <source>Decode Payloads</source>
        <translation>Nutzdaten dekodieren</translation>
    </message>
    <message>
        <source>messages.proto</source>
        <translation>messages.proto</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Protocol Buffers File</source>
        <translation>Protocol-Buffers-Datei</translation>
    </message>
    <message>
        <source>Protocol Buffers (*.proto)</source>
        <translation>Protocol Buffers (*.proto)</translation>
    </message>
    <message>
        <source>.proto file:</source>
        <translation>.proto-Datei:</translation>
    </message>
    <message>
        <source>Route:</source>
        <translation>Route:</translation>
    </message>
    <message>
        <source>Requests and oneways:</source>
        <translation>Anfragen und Einweg-Nachrichten:</translation>
    </message>
    <message>
        <source>Responses:</source>
        <translation>Antworten:</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
</context>
<context>
    <name>ProxyConnection</name>
    <message>
        <source>proxy → %1</source>
        <translation>Proxy → %1</translation>
    </message>
    <message>
        <source>proxy stopped</source>
        <translation>Proxy beendet</translation>
    </message>
    <message>
        <source>upstream unreachable: %1</source>
        <translation>Upstream nicht erreichbar: %1</translation>
    </message>
    <message>
        <source>disconnected: the proxy stopped</source>
        <translation>getrennt: der Proxy wurde beendet</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>Zeitüberschreitung</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>getrennt</translation>
    </message>
    <message>
        <source>link cut by fault injection</source>
        <translation>Verbindung durch Fehlereinschleusung gekappt</translation>
    </message>
    <message>
        <source>disconnected: %1</source>
        <translation>getrennt: %1</translation>
    </message>
</context>
<context>
    <name>ProxyDialog</name>
    <message>
        <source>Start Proxy</source>
        <translation>Proxy starten</translation>
    </message>
    <message>
        <source>any free port</source>
        <translation>beliebiger freier Port</translation>
    </message>
    <message>
        <source>Clients dial the proxy on 127.0.0.1 instead of the server; the proxy forwards every message and shows it.</source>
        <translation>Clients wählen den Proxy auf 127.0.0.1 statt des Servers; der Proxy leitet jede Nachricht weiter und zeigt sie.</translation>
    </message>
    <message>
        <source>Listen on port:</source>
        <translation>Auf Port lauschen:</translation>
    </message>
    <message>
        <source>Forward to:</source>
        <translation>Weiterleiten an:</translation>
    </message>
    <message>
        <source>required: the server&apos;s ws:// or wss:// URL</source>
        <translation>erforderlich: die ws://- oder wss://-URL des Servers</translation>
    </message>
    <message>
        <source>Not a ws:// or wss:// URL with a host, like ws://127.0.0.1:12000/mux.</source>
        <translation>Keine ws://- oder wss://-URL mit Host, wie ws://127.0.0.1:12000/mux.</translation>
    </message>
</context>
<context>
    <name>ProxyServer</name>
    <message>
        <source>link cut by the user</source>
        <translation>Verbindung vom Benutzer gekappt</translation>
    </message>
</context>
<context>
    <name>RouteModel</name>
    <message>
        <source>→ called by us</source>
        <translation>→ von uns aufgerufen</translation>
    </message>
    <message>
        <source>← called by peer</source>
        <translation>← von der Gegenstelle aufgerufen</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>?</source>
        <translation>?</translation>
    </message>
    <message>
        <source>Whether the callee has a handler, as far as its answers tell</source>
        <translation>Ob der Aufgerufene einen Handler hat, soweit seine Antworten es verraten</translation>
    </message>
    <message>
        <source>Frames per second since the last refresh</source>
        <translation>Frames pro Sekunde seit der letzten Aktualisierung</translation>
    </message>
    <message numerus="yes">
        <source>Call latency in milliseconds, over the last %n call(s)</source>
        <translation>
            <numerusform>Aufruflatenz in Millisekunden über den letzten Aufruf</numerusform>
            <numerusform>Aufruflatenz in Millisekunden über die letzten %n Aufrufe</numerusform>
        </translation>
    </message>
    <message>
        <source>Route</source>
        <translation>Route</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Richtung</translation>
    </message>
    <message>
        <source>Handler</source>
        <translation>Handler</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Aufrufe</translation>
    </message>
    <message>
        <source>Oneways</source>
        <translation>Einweg</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Cancels</source>
        <translation>Abbrüche</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>Bytes</translation>
    </message>
    <message>
        <source>Frames/s</source>
        <translation>Frames/s</translation>
    </message>
    <message>
        <source>p50 ms</source>
        <translation>p50 ms</translation>
    </message>
    <message>
        <source>p95 ms</source>
        <translation>p95 ms</translation>
    </message>
    <message>
        <source>p99 ms</source>
        <translation>p99 ms</translation>
    </message>
    <message>
        <source>others</source>
        <translation>weitere</translation>
    </message>
    <message>
        <source>(more than %1 routes)</source>
        <translation>(mehr als %1 Routen)</translation>
    </message>
    <message>
        <source>(streams probe)</source>
        <translation>(Stream-Probe)</translation>
    </message>
</context>
<context>
    <name>StreamModel</name>
    <message>
        <source>opening</source>
        <translation>wird geöffnet</translation>
    </message>
    <message>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>out ended</source>
        <translation>aus beendet</translation>
    </message>
    <message>
        <source>in ended</source>
        <translation>ein beendet</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>abgeschlossen</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>reset</source>
        <translation>zurückgesetzt</translation>
    </message>
    <message>
        <source>lost with the link</source>
        <translation>mit der Verbindung verloren</translation>
    </message>
    <message>
        <source>The stream opened before the inspector saw its connection</source>
        <translation>Der Stream wurde geöffnet, bevor der Inspector seine Verbindung sah</translation>
    </message>
    <message>
        <source>→ out</source>
        <translation>→ aus</translation>
    </message>
    <message>
        <source>← in</source>
        <translation>← ein</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Which side opened the stream: out is the side whose frames go out (the attached app; the client behind a proxy)</source>
        <translation>Welche Seite den Stream geöffnet hat: aus ist die Seite, deren Frames hinausgehen (die angehängte App; der Client hinter einem Proxy)</translation>
    </message>
    <message>
        <source>What the out side may still send: the window the other side granted, less what was sent since</source>
        <translation>Was die Seite „aus“ noch senden darf: das Fenster, das die andere Seite gewährt hat, abzüglich dessen, was seitdem gesendet wurde</translation>
    </message>
    <message>
        <source>What the in side may still send</source>
        <translation>Was die Seite „ein“ noch senden darf</translation>
    </message>
    <message>
        <source>Conn</source>
        <translation>Verb.</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Kennung</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>Route</translation>
    </message>
    <message>
        <source>Opener</source>
        <translation>Geöffnet von</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Bytes out</source>
        <translation>Bytes aus</translation>
    </message>
    <message>
        <source>Bytes in</source>
        <translation>Bytes ein</translation>
    </message>
    <message>
        <source>Window out</source>
        <translation>Fenster aus</translation>
    </message>
    <message>
        <source>Window in</source>
        <translation>Fenster ein</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <source>All routes</source>
        <translation>Alle Routen</translation>
    </message>
    <message>
        <source>The route whose timeline is shown</source>
        <translation>Die Route, deren Zeitverlauf gezeigt wird</translation>
    </message>
    <message>
        <source>Calls and errors per second</source>
        <translation>Aufrufe und Fehler pro Sekunde</translation>
    </message>
    <message>
        <source>calls/s</source>
        <translation>Aufrufe/s</translation>
    </message>
    <message>
        <source>errors/s</source>
        <translation>Fehler/s</translation>
    </message>
    <message>
        <source>Latency (ms)</source>
        <translation>Latenz (ms)</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p99</source>
        <translation>p99</translation>
    </message>
    <message>
        <source>Calls in flight</source>
        <translation>Laufende Aufrufe</translation>
    </message>
    <message>
        <source>in flight</source>
        <translation>laufend</translation>
    </message>
    <message>
        <source>Click a chart to see the frames of that moment.</source>
        <translation>Ein Diagramm anklicken, um die Frames dieses Zeitpunkts zu sehen.</translation>
    </message>
    <message>
        <source>Other routes (beyond %1)</source>
        <translation>Weitere Routen (über %1 hinaus)</translation>
    </message>
    <message>
        <source>Route %1</source>
        <translation>Route %1</translation>
    </message>
    <message>
        <source>Route %1 (%2)</source>
        <translation>Route %1 (%2)</translation>
    </message>
</context>
<context>
    <name>WireDecoder</name>
    <message>
        <source>bad field tag</source>
        <translation>ungültiges Feld-Tag</translation>
    </message>
    <message>
        <source>truncated varint</source>
        <translation>abgeschnittener Varint</translation>
    </message>
    <message>
        <source>truncated length-delimited field</source>
        <translation>abgeschnittenes längenbegrenztes Feld</translation>
    </message>
    <message>
        <source>cannot skip field %1 of wire type %2</source>
        <translation>Feld %1 mit Wire-Typ %2 kann nicht übersprungen werden</translation>
    </message>
    <message>
        <source>unknown flag %1</source>
        <translation>unbekanntes Flag %1</translation>
    </message>
    <message>
        <source>bad status</source>
        <translation>ungültiger Status</translation>
    </message>
    <message>
        <source>bad status code</source>
        <translation>ungültiger Statuscode</translation>
    </message>
    <message>
        <source>bad status message</source>
        <translation>ungültige Statusmeldung</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Shows the traffic of bimux connections.</source>
        <translation>Zeigt den Verkehr von bimux-Verbindungen.</translation>
    </message>
    <message>
        <source>Show the inspector in &lt;language&gt; (en, de, zh_CN).</source>
        <translation>Den Inspector in &lt;language&gt; zeigen (en, de, zh_CN).</translation>
    </message>
    <message>
        <source>Start the proxy on &lt;port&gt;, forwarding to --upstream.</source>
        <translation>Den Proxy auf &lt;port&gt; starten, Weiterleitung an --upstream.</translation>
    </message>
    <message>
        <source>The ws:// URL the proxy forwards to.</source>
        <translation>Die ws://-URL, an die der Proxy weiterleitet.</translation>
    </message>
    <message>
        <source>Listen for apps (BIMUXQT_INSPECT) on &lt;port&gt;.</source>
        <translation>Auf &lt;port&gt; auf Apps (BIMUXQT_INSPECT) warten.</translation>
    </message>
    <message>
        <source>Keep at most &lt;n&gt; frames.</source>
        <translation>Höchstens &lt;n&gt; Frames behalten.</translation>
    </message>
    <message>
        <source>Save a picture of the window to &lt;file&gt; after a few seconds, then quit.</source>
        <translation>Nach einigen Sekunden ein Bild des Fensters in &lt;file&gt; speichern, dann beenden.</translation>
    </message>
    <message>
        <source>A capture file to open.</source>
        <translation>Eine zu öffnende Aufzeichnungsdatei.</translation>
    </message>
    <message>
        <source>Show demo traffic, in a window of its own.</source>
        <translation>Demo-Verkehr in einem eigenen Fenster zeigen.</translation>
    </message>
    <message>
        <source>The tab shown in the picture: inflight, timeline, routes, connections, compose or faults.</source>
        <translation>Der im Bild gezeigte Reiter: inflight, timeline, routes, connections, compose oder faults.</translation>
    </message>
    <message>
        <source>Milliseconds of traffic before the picture.</source>
        <translation>Millisekunden Verkehr vor dem Bild.</translation>
    </message>
</context>
</TS>
