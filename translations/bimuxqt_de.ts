<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
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
        <source>request of %1 bytes is larger than the maximum message size (%2)</source>
        <translation>Anfrage mit %1 Bytes ist größer als die maximale Nachrichtengröße (%2)</translation>
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
</context>
</TS>
