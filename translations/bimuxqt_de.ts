<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>QBiMuxClient</name>
    <message>
        <source>no handler for route %1</source>
        <translation>kein Handler für Route %1</translation>
    </message>
    <message>
        <source>no connection to send the call to route %1 within its timeout of %2 ms</source>
        <translation>keine Verbindung, um den Aufruf an Route %1 innerhalb seines Zeitlimits von %2 ms zu senden</translation>
    </message>
    <message>
        <source>client destroyed</source>
        <translation>Client zerstört</translation>
    </message>
    <message>
        <source>the client is closed</source>
        <translation>der Client ist geschlossen</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>nicht verbunden</translation>
    </message>
    <message numerus="yes">
        <source>%n call(s) wait for a connection already, the most this client queues</source>
        <translation>
            <numerusform>%n Aufruf wartet bereits auf eine Verbindung, mehr hält dieser Client nicht vor</numerusform>
            <numerusform>%n Aufrufe warten bereits auf eine Verbindung, mehr hält dieser Client nicht vor</numerusform>
        </translation>
    </message>
    <message>
        <source>the client was closed</source>
        <translation>der Client wurde geschlossen</translation>
    </message>
    <message>
        <source>the request factory gave no request</source>
        <translation>die Request-Factory hat keine Anfrage geliefert</translation>
    </message>
    <message>
        <source>the request factory failed: %1</source>
        <translation>die Request-Factory ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>the request factory failed</source>
        <translation>die Request-Factory ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>the client is not connected</source>
        <translation>der Client ist nicht verbunden</translation>
    </message>
    <message>
        <source>message of %1 bytes is larger than the maximum message size (%2)</source>
        <translation>Nachricht mit %1 Bytes ist größer als die maximale Nachrichtengröße (%2)</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) wait for a connection already, the most this client queues</source>
        <translation>
            <numerusform>%n Nachricht wartet bereits auf eine Verbindung, mehr stellt dieser Client nicht zurück</numerusform>
            <numerusform>%n Nachrichten warten bereits auf eine Verbindung, mehr stellt dieser Client nicht zurück</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QBiMuxForward</name>
    <message>
        <source>&quot;%1&quot; is not [BIND:]PORT:HOST:HOSTPORT</source>
        <translation>„%1“ ist nicht [BIND:]PORT:HOST:HOSTPORT</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an address to listen on</source>
        <translation>„%1“ ist keine Adresse, auf der gelauscht werden kann</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a port</source>
        <translation>„%1“ ist kein Port</translation>
    </message>
    <message>
        <source>&quot;%1&quot; names no host</source>
        <translation>„%1“ nennt keinen Host</translation>
    </message>
</context>
<context>
    <name>QBiMuxServer</name>
    <message>
        <source>unknown path %1</source>
        <translation>unbekannter Pfad %1</translation>
    </message>
    <message>
        <source>server closed</source>
        <translation>Server geschlossen</translation>
    </message>
    <message>
        <source>the server is shutting down</source>
        <translation>der Server fährt herunter</translation>
    </message>
    <message>
        <source>the server holds %1 connections, its limit</source>
        <translation>der Server hält %1 Verbindungen, sein Limit</translation>
    </message>
    <message>
        <source>origin %1 is not allowed</source>
        <translation>Herkunft %1 ist nicht erlaubt</translation>
    </message>
    <message>
        <source>the authenticator failed</source>
        <translation>die Authentifizierung ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>not authenticated</source>
        <translation>nicht authentifiziert</translation>
    </message>
    <message>
        <source>server shutting down</source>
        <translation>Server fährt herunter</translation>
    </message>
    <message>
        <source>the request head is too large</source>
        <translation>der Anfragekopf ist zu groß</translation>
    </message>
    <message>
        <source>not a WebSocket handshake</source>
        <translation>kein WebSocket-Handshake</translation>
    </message>
    <message numerus="yes">
        <source>%n handshake(s) in progress, the most this server takes</source>
        <translation>
            <numerusform>%n Handshake läuft bereits, mehr nimmt dieser Server nicht an</numerusform>
            <numerusform>%n Handshakes laufen bereits, mehr nimmt dieser Server nicht an</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n handshake(s) in progress from your address, the most this server takes now</source>
        <translation>
            <numerusform>%n Handshake von Ihrer Adresse läuft bereits, mehr nimmt dieser Server derzeit nicht an</numerusform>
            <numerusform>%n Handshakes von Ihrer Adresse laufen bereits, mehr nimmt dieser Server derzeit nicht an</numerusform>
        </translation>
    </message>
    <message>
        <source>the authenticator gave no answer</source>
        <translation>die Authentifizierung hat keine Antwort gegeben</translation>
    </message>
    <message>
        <source>the authenticator did not answer within the handshake timeout</source>
        <translation>die Authentifizierung hat nicht innerhalb des Handshake-Zeitlimits geantwortet</translation>
    </message>
</context>
<context>
    <name>QBiMuxStream</name>
    <message>
        <source>aborted</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>the peer does not speak bimux streams</source>
        <translation>die Gegenseite spricht keine bimux-Streams</translation>
    </message>
    <message>
        <source>the peer did not answer within %1 ms whether it speaks bimux streams</source>
        <translation>die Gegenseite hat nicht innerhalb von %1 ms geantwortet, ob sie bimux-Streams spricht</translation>
    </message>
    <message>
        <source>%1 for stream %2, which this side did not open</source>
        <translation>%1 für Stream %2, den diese Seite nicht geöffnet hat</translation>
    </message>
    <message>
        <source>stream_close from the side that opened stream %1</source>
        <translation>stream_close von der Seite, die Stream %1 geöffnet hat</translation>
    </message>
    <message>
        <source>stream_open for stream %1, which is taken</source>
        <translation>stream_open für Stream %1, der schon belegt ist</translation>
    </message>
    <message>
        <source>this side is shutting down</source>
        <translation>diese Seite fährt herunter</translation>
    </message>
    <message>
        <source>%1 streams of this peer are open already, the most this side allows</source>
        <translation>%1 Streams dieser Gegenseite sind bereits offen, mehr lässt diese Seite nicht zu</translation>
    </message>
    <message>
        <source>no stream handler for route %1</source>
        <translation>kein Stream-Handler für Route %1</translation>
    </message>
    <message>
        <source>the stream handler threw</source>
        <translation>der Stream-Handler hat eine Ausnahme geworfen</translation>
    </message>
    <message>
        <source>data on stream %1 outside its life</source>
        <translation>Daten auf Stream %1 außerhalb seiner Lebenszeit</translation>
    </message>
    <message>
        <source>the peer sent %1 bytes on stream %2 beyond the window it was granted</source>
        <translation>die Gegenseite hat auf Stream %2 %1 Bytes über das gewährte Fenster hinaus gesendet</translation>
    </message>
    <message>
        <source>the window of stream %1 overflowed</source>
        <translation>das Fenster von Stream %1 ist übergelaufen</translation>
    </message>
    <message>
        <source>%1 on stream %2 out of turn</source>
        <translation>%1 auf Stream %2 zur falschen Zeit</translation>
    </message>
    <message>
        <source>reset by the peer</source>
        <translation>von der Gegenseite zurückgesetzt</translation>
    </message>
    <message>
        <source>the muxer is shutting down and opens no new streams</source>
        <translation>der Muxer fährt herunter und öffnet keine neuen Streams</translation>
    </message>
    <message>
        <source>all %1 stream ids are in use</source>
        <translation>alle %1 Stream-IDs sind belegt</translation>
    </message>
    <message>
        <source>the stream was deleted</source>
        <translation>der Stream wurde gelöscht</translation>
    </message>
</context>
<context>
    <name>QBiMuxTcpConnector</name>
    <message>
        <source>no connection to %1 within %2 s</source>
        <translation>keine Verbindung zu %1 innerhalb von %2 s</translation>
    </message>
    <message>
        <source>cannot resolve %1: %2</source>
        <translation>%1 kann nicht aufgelöst werden: %2</translation>
    </message>
    <message>
        <source>no address</source>
        <translation>keine Adresse</translation>
    </message>
    <message>
        <source>cannot connect to %1: %2</source>
        <translation>keine Verbindung zu %1 möglich: %2</translation>
    </message>
</context>
<context>
    <name>QBiMuxTcpPipe</name>
    <message>
        <source>connection from %1 failed: %2</source>
        <translation>Verbindung von %1 fehlgeschlagen: %2</translation>
    </message>
</context>
<context>
    <name>QBiMuxTunnel</name>
    <message>
        <source>cannot listen on %1: %2</source>
        <translation>auf %1 kann nicht gelauscht werden: %2</translation>
    </message>
</context>
<context>
    <name>QBiMuxTunnelClient</name>
    <message>
        <source>%1 is forwarded already</source>
        <translation>%1 wird bereits weitergeleitet</translation>
    </message>
    <message>
        <source>not a forward: %1</source>
        <translation>keine Weiterleitung: %1</translation>
    </message>
    <message>
        <source>no remote forward %1 on the connect side</source>
        <translation>keine entfernte Weiterleitung %1 auf der verbindenden Seite</translation>
    </message>
</context>
<context>
    <name>QBiMuxTunnelConnection</name>
    <message>
        <source>the tunnel stream does not start with a header line</source>
        <translation>der Tunnel-Stream beginnt nicht mit einer Kopfzeile</translation>
    </message>
    <message>
        <source>the tunnel stream&apos;s header is not JSON</source>
        <translation>die Kopfzeile des Tunnel-Streams ist kein JSON</translation>
    </message>
    <message>
        <source>the other end closed the connection</source>
        <translation>die andere Seite hat die Verbindung geschlossen</translation>
    </message>
</context>
<context>
    <name>QBiMuxTunnelPolicy</name>
    <message>
        <source>&quot;%1&quot; is not a port or a range of ports</source>
        <translation>„%1“ ist weder ein Port noch ein Portbereich</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not HOST:PORT (either may be *)</source>
        <translation>„%1“ ist nicht HOST:PORT (beide dürfen * sein)</translation>
    </message>
    <message>
        <source>%1 is not on loopback, and the serve side allows only loopback targets</source>
        <translation>%1 liegt nicht auf Loopback, und die bereitstellende Seite erlaubt nur Loopback-Ziele</translation>
    </message>
    <message>
        <source>%1 is not among the targets the serve side allows</source>
        <translation>%1 gehört nicht zu den Zielen, die die bereitstellende Seite erlaubt</translation>
    </message>
    <message>
        <source>the name resolves to %1, which is not on loopback, and the serve side allows only loopback targets</source>
        <translation>der Name wird zu %1 aufgelöst, das nicht auf Loopback liegt, und die bereitstellende Seite erlaubt nur Loopback-Ziele</translation>
    </message>
</context>
<context>
    <name>QBiMuxTunnelServer</name>
    <message>
        <source>the peer&apos;s connection ended</source>
        <translation>die Verbindung der Gegenseite ist beendet</translation>
    </message>
    <message>
        <source>the tunnel server stopped</source>
        <translation>der Tunnel-Server wurde beendet</translation>
    </message>
    <message>
        <source>not a remote forward: %1</source>
        <translation>keine entfernte Weiterleitung: %1</translation>
    </message>
    <message>
        <source>port %1 is not among the ports the serve side allows remote forwards to bind (%2)</source>
        <translation>Port %1 gehört nicht zu den Ports, die die bereitstellende Seite für entfernte Weiterleitungen erlaubt (%2)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>remote forwards may listen only on loopback here, not on %1 (the serve side&apos;s gateway ports are off)</source>
        <translation>entfernte Weiterleitungen dürfen hier nur auf Loopback lauschen, nicht auf %1 (die Gateway-Ports der bereitstellenden Seite sind aus)</translation>
    </message>
    <message>
        <source>replaced</source>
        <translation>ersetzt</translation>
    </message>
    <message>
        <source>%1 is bound by another tunnel client</source>
        <translation>%1 ist von einem anderen Tunnel-Client belegt</translation>
    </message>
    <message>
        <source>taken over by a new connection of the same tunnel client</source>
        <translation>von einer neuen Verbindung desselben Tunnel-Clients übernommen</translation>
    </message>
    <message>
        <source>%1 is being released by an earlier connection of the same tunnel client; try again</source>
        <translation>%1 wird gerade von einer früheren Verbindung desselben Tunnel-Clients freigegeben; bitte erneut versuchen</translation>
    </message>
    <message>
        <source>no remote forward %1 here</source>
        <translation>hier gibt es keine entfernte Weiterleitung %1</translation>
    </message>
    <message>
        <source>the peer removed it</source>
        <translation>die Gegenseite hat sie entfernt</translation>
    </message>
    <message>
        <source>the local forward names no HOST:PORT to connect to</source>
        <translation>die lokale Weiterleitung nennt kein HOST:PORT, mit dem verbunden werden soll</translation>
    </message>
</context>
<context>
    <name>QBiMuxer</name>
    <message numerus="yes">
        <source>text message of %n character(s) received; bimux frames are binary messages</source>
        <translation>
            <numerusform>Textnachricht mit %n Zeichen empfangen; bimux-Frames sind Binärnachrichten</numerusform>
            <numerusform>Textnachricht mit %n Zeichen empfangen; bimux-Frames sind Binärnachrichten</numerusform>
        </translation>
    </message>
    <message>
        <source>connection closed by the peer</source>
        <translation>Verbindung von der Gegenseite geschlossen</translation>
    </message>
    <message>
        <source>the handler threw</source>
        <translation>der Handler hat eine Ausnahme geworfen</translation>
    </message>
    <message>
        <source>request %1 arrived while a request with the same number is still in flight</source>
        <translation>Anfrage %1 kam an, während eine Anfrage mit derselben Nummer noch läuft</translation>
    </message>
    <message>
        <source>no handler for route %1</source>
        <translation>kein Handler für Route %1</translation>
    </message>
    <message>
        <source>response to request %1, which was never sent</source>
        <translation>Antwort auf Anfrage %1, die nie gesendet wurde</translation>
    </message>
    <message>
        <source>no answer to route %1 within the timeout</source>
        <translation>keine Antwort von Route %1 innerhalb der Frist</translation>
    </message>
    <message>
        <source>the answer is larger than the maximum message size</source>
        <translation>die Antwort ist größer als die maximale Nachrichtengröße</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>getrennt</translation>
    </message>
    <message>
        <source>disconnected: %1</source>
        <translation>getrennt: %1</translation>
    </message>
    <message>
        <source>muxer destroyed</source>
        <translation>Muxer zerstört</translation>
    </message>
    <message>
        <source>closed by this side</source>
        <translation>von dieser Seite geschlossen</translation>
    </message>
    <message numerus="yes">
        <source>frame of %n byte(s) is not a bimux Message</source>
        <translation>
            <numerusform>Frame mit %n Byte ist keine bimux-Message</numerusform>
            <numerusform>Frame mit %n Bytes ist keine bimux-Message</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>frame of %n byte(s) carries more metadata than a frame may (%1 entries, %2 bytes of keys and values)</source>
        <translation>
            <numerusform>Frame mit %n Byte trägt mehr Metadaten, als ein Frame darf (%1 Einträge, %2 Bytes an Schlüsseln und Werten)</numerusform>
            <numerusform>Frame mit %n Bytes trägt mehr Metadaten, als ein Frame darf (%1 Einträge, %2 Bytes an Schlüsseln und Werten)</numerusform>
        </translation>
    </message>
    <message>
        <source>frame %1 has unknown flag %2</source>
        <translation>Frame %1 hat das unbekannte Flag %2</translation>
    </message>
    <message>
        <source>the request was dropped without an answer</source>
        <translation>die Anfrage wurde ohne Antwort verworfen</translation>
    </message>
    <message>
        <source>the handler failed</source>
        <translation>der Handler ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>the handler was cancelled</source>
        <translation>der Handler wurde abgebrochen</translation>
    </message>
    <message>
        <source>no sign of life from the peer for %1 ms</source>
        <translation>seit %1 ms kein Lebenszeichen von der Gegenseite</translation>
    </message>
    <message>
        <source>status code %1 from the peer</source>
        <translation>Statuscode %1 von der Gegenseite</translation>
    </message>
    <message>
        <source>status code %1 from the peer: %2</source>
        <translation>Statuscode %1 von der Gegenseite: %2</translation>
    </message>
    <message>
        <source>the peer stopped reading: %1 bytes wait to be written</source>
        <translation>die Gegenseite liest nicht mehr: %1 Bytes warten darauf, geschrieben zu werden</translation>
    </message>
    <message>
        <source>this side is shutting down: %1</source>
        <translation>diese Seite fährt herunter: %1</translation>
    </message>
    <message>
        <source>%1 requests of this peer are in progress already, the most this side allows</source>
        <translation>%1 Anfragen dieser Gegenseite sind bereits in Bearbeitung, mehr erlaubt diese Seite nicht</translation>
    </message>
    <message>
        <source>shutting down</source>
        <translation>fährt herunter</translation>
    </message>
    <message>
        <source>the muxer is shutting down and takes no new calls</source>
        <translation>der Muxer fährt herunter und nimmt keine neuen Aufrufe an</translation>
    </message>
    <message>
        <source>the peer is not keeping up: more than %1 bytes wait to be written</source>
        <translation>die Gegenseite kommt nicht nach: mehr als %1 Bytes warten darauf, geschrieben zu werden</translation>
    </message>
    <message>
        <source>%1 calls are in flight already, the most this muxer allows</source>
        <translation>%1 Aufrufe sind bereits unterwegs, mehr erlaubt dieser Muxer nicht</translation>
    </message>
    <message>
        <source>the server refused the connection: HTTP %1 %2</source>
        <translation>der Server hat die Verbindung abgelehnt: HTTP %1 %2</translation>
    </message>
    <message>
        <source>the server refused the connection: HTTP %1 %2: %3</source>
        <translation>der Server hat die Verbindung abgelehnt: HTTP %1 %2: %3</translation>
    </message>
    <message>
        <source>the server&apos;s certificate is not trusted: %1</source>
        <translation>dem Zertifikat des Servers wird nicht vertraut: %1</translation>
    </message>
    <message>
        <source>metadata key &quot;%1&quot; is not valid UTF-8</source>
        <translation>Metadatenschlüssel „%1“ ist kein gültiges UTF-8</translation>
    </message>
    <message>
        <source>metadata of %1 entries and %2 bytes of keys and values is more than a frame may carry (%3 entries, %4 bytes)</source>
        <translation>Metadaten mit %1 Einträgen und %2 Bytes an Schlüsseln und Werten sind mehr, als ein Frame tragen darf (%3 Einträge, %4 Bytes)</translation>
    </message>
    <message>
        <source>cancelled by the caller</source>
        <translation>vom Aufrufer abgebrochen</translation>
    </message>
    <message>
        <source>not connected yet, and the call may not wait</source>
        <translation>noch nicht verbunden, und der Aufruf darf nicht warten</translation>
    </message>
    <message>
        <source>message of %1 bytes is larger than the maximum message size (%2)</source>
        <translation>Nachricht mit %1 Bytes ist größer als die maximale Nachrichtengröße (%2)</translation>
    </message>
    <message>
        <source>the deadline of the call to route %1 has passed</source>
        <translation>die Frist des Aufrufs an Route %1 ist abgelaufen</translation>
    </message>
</context>
</TS>
