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
</context>
<context>
    <name>ComposeWidget</name>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>ws://127.0.0.1:12000/mux</source>
        <translation>ws://127.0.0.1:12000/mux</translation>
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
        <source>Not a ws:// URL: %1</source>
        <translation>Keine ws://-URL: %1</translation>
    </message>
    <message>
        <source>Connected.</source>
        <translation>Verbunden.</translation>
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
        <source>Call %1 failed after %2 ms: code %3, %4</source>
        <translation>Aufruf %1 nach %2 ms fehlgeschlagen: Code %3, %4</translation>
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
        <source>In-flight calls</source>
        <translation>Laufende Aufrufe</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Verbindungen</translation>
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
        <source>&amp;Listen for Apps</source>
        <translation>Auf &amp;Apps warten</translation>
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
        <source>Cannot start the proxy on port %1 for %2: %3</source>
        <translation>Proxy auf Port %1 für %2 kann nicht starten: %3</translation>
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
        <source>Attached apps</source>
        <translation>Angebundene Apps</translation>
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
        <source>ws://127.0.0.1:12000/mux</source>
        <translation>ws://127.0.0.1:12000/mux</translation>
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
        <source>Run demo traffic through the proxy.</source>
        <translation>Demo-Verkehr durch den Proxy schicken.</translation>
    </message>
    <message>
        <source>Save a picture of the window to &lt;file&gt; after a few seconds, then quit.</source>
        <translation>Nach einigen Sekunden ein Bild des Fensters in &lt;file&gt; speichern, dann beenden.</translation>
    </message>
    <message>
        <source>A capture file to open.</source>
        <translation>Eine zu öffnende Aufzeichnungsdatei.</translation>
    </message>
</context>
</TS>
