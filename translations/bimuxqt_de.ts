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
