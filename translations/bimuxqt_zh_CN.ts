<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>QBiMuxClient</name>
    <message>
        <source>no handler for route %1</source>
        <translation>路由 %1 没有处理程序</translation>
    </message>
    <message>
        <source>no connection to send the call to route %1 within its timeout of %2 ms</source>
        <translation>在 %2 毫秒的超时内没有可用连接来发送对路由 %1 的调用</translation>
    </message>
    <message>
        <source>client destroyed</source>
        <translation>客户端已销毁</translation>
    </message>
    <message>
        <source>the client is closed</source>
        <translation>客户端已关闭</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>未连接</translation>
    </message>
    <message numerus="yes">
        <source>%n call(s) wait for a connection already, the most this client queues</source>
        <translation>
            <numerusform>已有 %n 个调用在等待连接，这是此客户端可排队的上限</numerusform>
        </translation>
    </message>
    <message>
        <source>the client was closed</source>
        <translation>客户端已被关闭</translation>
    </message>
    <message>
        <source>the request factory gave no request</source>
        <translation>请求工厂没有给出请求</translation>
    </message>
    <message>
        <source>the request factory failed: %1</source>
        <translation>请求工厂出错：%1</translation>
    </message>
    <message>
        <source>the request factory failed</source>
        <translation>请求工厂出错</translation>
    </message>
    <message>
        <source>the client is not connected</source>
        <translation>客户端未连接</translation>
    </message>
    <message>
        <source>message of %1 bytes is larger than the maximum message size (%2)</source>
        <translation>%1 字节的消息超过了最大消息大小（%2）</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) wait for a connection already, the most this client queues</source>
        <translation>
            <numerusform>已有 %n 条消息在等待连接，这是此客户端排队的上限</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QBiMuxForward</name>
    <message>
        <source>&quot;%1&quot; is not [BIND:]PORT:HOST:HOSTPORT</source>
        <translation>“%1” 不是 [BIND:]PORT:HOST:HOSTPORT 格式</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an address to listen on</source>
        <translation>“%1” 不是可监听的地址</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a port</source>
        <translation>“%1” 不是端口</translation>
    </message>
    <message>
        <source>&quot;%1&quot; names no host</source>
        <translation>“%1” 未指定主机</translation>
    </message>
</context>
<context>
    <name>QBiMuxServer</name>
    <message>
        <source>unknown path %1</source>
        <translation>未知路径 %1</translation>
    </message>
    <message>
        <source>server closed</source>
        <translation>服务器已关闭</translation>
    </message>
    <message>
        <source>the server is shutting down</source>
        <translation>服务器正在关闭</translation>
    </message>
    <message>
        <source>the server holds %1 connections, its limit</source>
        <translation>服务器已有 %1 个连接，达到上限</translation>
    </message>
    <message>
        <source>origin %1 is not allowed</source>
        <translation>不允许来源 %1</translation>
    </message>
    <message>
        <source>the authenticator failed</source>
        <translation>身份验证程序出错</translation>
    </message>
    <message>
        <source>not authenticated</source>
        <translation>未通过身份验证</translation>
    </message>
    <message>
        <source>server shutting down</source>
        <translation>服务器正在关闭</translation>
    </message>
    <message>
        <source>the request head is too large</source>
        <translation>请求头过大</translation>
    </message>
    <message>
        <source>not a WebSocket handshake</source>
        <translation>不是 WebSocket 握手</translation>
    </message>
    <message numerus="yes">
        <source>%n handshake(s) in progress, the most this server takes</source>
        <translation>
            <numerusform>已有 %n 个握手正在进行，达到此服务器的上限</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n handshake(s) in progress from your address, the most this server takes now</source>
        <translation>
            <numerusform>来自您地址的 %n 个握手正在进行，达到此服务器当前的上限</numerusform>
        </translation>
    </message>
    <message>
        <source>the authenticator gave no answer</source>
        <translation>身份验证程序没有给出答复</translation>
    </message>
    <message>
        <source>the authenticator did not answer within the handshake timeout</source>
        <translation>身份验证程序未在握手超时时间内答复</translation>
    </message>
</context>
<context>
    <name>QBiMuxStream</name>
    <message>
        <source>aborted</source>
        <translation>已中止</translation>
    </message>
    <message>
        <source>the peer does not speak bimux streams</source>
        <translation>对端不支持 bimux 流</translation>
    </message>
    <message>
        <source>the peer did not answer within %1 ms whether it speaks bimux streams</source>
        <translation>对端未在 %1 毫秒内答复它是否支持 bimux 流</translation>
    </message>
    <message>
        <source>%1 for stream %2, which this side did not open</source>
        <translation>收到流 %2 的 %1，但本端并未打开该流</translation>
    </message>
    <message>
        <source>stream_close from the side that opened stream %1</source>
        <translation>打开流 %1 的一端发来了 stream_close</translation>
    </message>
    <message>
        <source>stream_open for stream %1, which is taken</source>
        <translation>流 %1 的 stream_open，但该编号已被占用</translation>
    </message>
    <message>
        <source>this side is shutting down</source>
        <translation>本端正在关闭</translation>
    </message>
    <message>
        <source>%1 streams of this peer are open already, the most this side allows</source>
        <translation>对端已打开 %1 个流，已达本端上限</translation>
    </message>
    <message>
        <source>no stream handler for route %1</source>
        <translation>路由 %1 没有流处理器</translation>
    </message>
    <message>
        <source>the stream handler threw</source>
        <translation>流处理器抛出了异常</translation>
    </message>
    <message>
        <source>data on stream %1 outside its life</source>
        <translation>流 %1 在其生命周期之外收到数据</translation>
    </message>
    <message>
        <source>the peer sent %1 bytes on stream %2 beyond the window it was granted</source>
        <translation>对端在流 %2 上超出所授予的窗口发送了 %1 字节</translation>
    </message>
    <message>
        <source>the window of stream %1 overflowed</source>
        <translation>流 %1 的窗口溢出</translation>
    </message>
    <message>
        <source>%1 on stream %2 out of turn</source>
        <translation>流 %2 上的 %1 顺序不对</translation>
    </message>
    <message>
        <source>reset by the peer</source>
        <translation>被对端重置</translation>
    </message>
    <message>
        <source>the muxer is shutting down and opens no new streams</source>
        <translation>复用器正在关闭，不再打开新的流</translation>
    </message>
    <message>
        <source>all %1 stream ids are in use</source>
        <translation>全部 %1 个流编号都已被占用</translation>
    </message>
    <message>
        <source>the stream was deleted</source>
        <translation>流已被删除</translation>
    </message>
</context>
<context>
    <name>QBiMuxTcpConnector</name>
    <message>
        <source>no connection to %1 within %2 s</source>
        <translation>%2 秒内未能连接到 %1</translation>
    </message>
    <message>
        <source>cannot resolve %1: %2</source>
        <translation>无法解析 %1：%2</translation>
    </message>
    <message>
        <source>no address</source>
        <translation>没有地址</translation>
    </message>
    <message>
        <source>cannot connect to %1: %2</source>
        <translation>无法连接到 %1：%2</translation>
    </message>
</context>
<context>
    <name>QBiMuxTcpPipe</name>
    <message>
        <source>connection from %1 failed: %2</source>
        <translation>来自 %1 的连接失败：%2</translation>
    </message>
</context>
<context>
    <name>QBiMuxTunnel</name>
    <message>
        <source>cannot listen on %1: %2</source>
        <translation>无法在 %1 上监听：%2</translation>
    </message>
</context>
<context>
    <name>QBiMuxTunnelClient</name>
    <message>
        <source>%1 is forwarded already</source>
        <translation>%1 已在转发</translation>
    </message>
    <message>
        <source>not a forward: %1</source>
        <translation>不是有效的转发：%1</translation>
    </message>
    <message>
        <source>no remote forward %1 on the connect side</source>
        <translation>连接端没有远程转发 %1</translation>
    </message>
</context>
<context>
    <name>QBiMuxTunnelConnection</name>
    <message>
        <source>the tunnel stream does not start with a header line</source>
        <translation>隧道流不以头部行开头</translation>
    </message>
    <message>
        <source>the tunnel stream&apos;s header is not JSON</source>
        <translation>隧道流的头部不是 JSON</translation>
    </message>
    <message>
        <source>the other end closed the connection</source>
        <translation>另一端关闭了连接</translation>
    </message>
</context>
<context>
    <name>QBiMuxTunnelPolicy</name>
    <message>
        <source>&quot;%1&quot; is not a port or a range of ports</source>
        <translation>“%1” 不是端口或端口范围</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not HOST:PORT (either may be *)</source>
        <translation>“%1” 不是 HOST:PORT 格式（两部分均可为 *）</translation>
    </message>
    <message>
        <source>%1 is not on loopback, and the serve side allows only loopback targets</source>
        <translation>%1 不是回环地址，而服务端只允许回环目标</translation>
    </message>
    <message>
        <source>%1 is not among the targets the serve side allows</source>
        <translation>%1 不在服务端允许的目标之列</translation>
    </message>
    <message>
        <source>the name resolves to %1, which is not on loopback, and the serve side allows only loopback targets</source>
        <translation>该名称解析为 %1，不是回环地址，而服务端只允许回环目标</translation>
    </message>
</context>
<context>
    <name>QBiMuxTunnelServer</name>
    <message>
        <source>the peer&apos;s connection ended</source>
        <translation>对端的连接已结束</translation>
    </message>
    <message>
        <source>the tunnel server stopped</source>
        <translation>隧道服务器已停止</translation>
    </message>
    <message>
        <source>not a remote forward: %1</source>
        <translation>不是有效的远程转发：%1</translation>
    </message>
    <message>
        <source>port %1 is not among the ports the serve side allows remote forwards to bind (%2)</source>
        <translation>端口 %1 不在服务端允许远程转发绑定的端口之列（%2）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>remote forwards may listen only on loopback here, not on %1 (the serve side&apos;s gateway ports are off)</source>
        <translation>此处远程转发只能在回环地址上监听，不能在 %1 上（服务端未开启网关端口）</translation>
    </message>
    <message>
        <source>replaced</source>
        <translation>已被替换</translation>
    </message>
    <message>
        <source>%1 is bound by another tunnel client</source>
        <translation>%1 已被另一个隧道客户端绑定</translation>
    </message>
    <message>
        <source>taken over by a new connection of the same tunnel client</source>
        <translation>已被同一隧道客户端的新连接接管</translation>
    </message>
    <message>
        <source>%1 is being released by an earlier connection of the same tunnel client; try again</source>
        <translation>%1 正由同一隧道客户端的先前连接释放，请重试</translation>
    </message>
    <message>
        <source>no remote forward %1 here</source>
        <translation>此处没有远程转发 %1</translation>
    </message>
    <message>
        <source>the peer removed it</source>
        <translation>对端已将其移除</translation>
    </message>
    <message>
        <source>the local forward names no HOST:PORT to connect to</source>
        <translation>本地转发未指定要连接的 HOST:PORT</translation>
    </message>
</context>
<context>
    <name>QBiMuxer</name>
    <message numerus="yes">
        <source>text message of %n character(s) received; bimux frames are binary messages</source>
        <translation>
            <numerusform>收到 %n 个字符的文本消息；bimux 帧必须是二进制消息</numerusform>
        </translation>
    </message>
    <message>
        <source>connection closed by the peer</source>
        <translation>连接已被对端关闭</translation>
    </message>
    <message>
        <source>the handler threw</source>
        <translation>处理函数抛出了异常</translation>
    </message>
    <message>
        <source>request %1 arrived while a request with the same number is still in flight</source>
        <translation>请求 %1 到达时，相同编号的请求仍在处理中</translation>
    </message>
    <message>
        <source>no handler for route %1</source>
        <translation>路由 %1 没有处理函数</translation>
    </message>
    <message>
        <source>response to request %1, which was never sent</source>
        <translation>收到对请求 %1 的响应，但该请求从未发出</translation>
    </message>
    <message>
        <source>no answer to route %1 within the timeout</source>
        <translation>路由 %1 在超时时间内没有应答</translation>
    </message>
    <message>
        <source>the answer is larger than the maximum message size</source>
        <translation>应答超过了最大消息长度</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>连接已断开</translation>
    </message>
    <message>
        <source>disconnected: %1</source>
        <translation>连接已断开：%1</translation>
    </message>
    <message>
        <source>muxer destroyed</source>
        <translation>复用器已销毁</translation>
    </message>
    <message>
        <source>closed by this side</source>
        <translation>由本端关闭</translation>
    </message>
    <message numerus="yes">
        <source>frame of %n byte(s) is not a bimux Message</source>
        <translation>
            <numerusform>%n 字节的帧不是 bimux Message</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>frame of %n byte(s) carries more metadata than a frame may (%1 entries, %2 bytes of keys and values)</source>
        <translation>
            <numerusform>%n 字节的帧携带的元数据超出一帧的上限（%1 个条目，键和值共 %2 字节）</numerusform>
        </translation>
    </message>
    <message>
        <source>frame %1 has unknown flag %2</source>
        <translation>帧 %1 带有未知标志 %2</translation>
    </message>
    <message>
        <source>the request was dropped without an answer</source>
        <translation>请求在应答之前被丢弃</translation>
    </message>
    <message>
        <source>the handler failed</source>
        <translation>处理函数失败</translation>
    </message>
    <message>
        <source>the handler was cancelled</source>
        <translation>处理函数已被取消</translation>
    </message>
    <message>
        <source>no sign of life from the peer for %1 ms</source>
        <translation>对端已有 %1 毫秒没有任何响应</translation>
    </message>
    <message>
        <source>status code %1 from the peer</source>
        <translation>对端返回的状态码 %1</translation>
    </message>
    <message>
        <source>status code %1 from the peer: %2</source>
        <translation>对端返回的状态码 %1：%2</translation>
    </message>
    <message>
        <source>the peer stopped reading: %1 bytes wait to be written</source>
        <translation>对端已停止读取：%1 字节等待写出</translation>
    </message>
    <message>
        <source>this side is shutting down: %1</source>
        <translation>本端正在关闭：%1</translation>
    </message>
    <message>
        <source>%1 requests of this peer are in progress already, the most this side allows</source>
        <translation>该对端已有 %1 个请求在处理中，这是本端允许的上限</translation>
    </message>
    <message>
        <source>shutting down</source>
        <translation>正在关闭</translation>
    </message>
    <message>
        <source>the muxer is shutting down and takes no new calls</source>
        <translation>多路复用器正在关闭，不再接受新的调用</translation>
    </message>
    <message>
        <source>the peer is not keeping up: more than %1 bytes wait to be written</source>
        <translation>对端跟不上：超过 %1 字节等待写出</translation>
    </message>
    <message>
        <source>%1 calls are in flight already, the most this muxer allows</source>
        <translation>已有 %1 个调用在进行中，这是此多路复用器允许的上限</translation>
    </message>
    <message>
        <source>the server refused the connection: HTTP %1 %2</source>
        <translation>服务器拒绝了连接：HTTP %1 %2</translation>
    </message>
    <message>
        <source>the server refused the connection: HTTP %1 %2: %3</source>
        <translation>服务器拒绝了连接：HTTP %1 %2：%3</translation>
    </message>
    <message>
        <source>the server&apos;s certificate is not trusted: %1</source>
        <translation>服务器的证书不受信任：%1</translation>
    </message>
    <message>
        <source>metadata key &quot;%1&quot; is not valid UTF-8</source>
        <translation>元数据键“%1”不是有效的 UTF-8</translation>
    </message>
    <message>
        <source>metadata of %1 entries and %2 bytes of keys and values is more than a frame may carry (%3 entries, %4 bytes)</source>
        <translation>%1 个条目、键和值共 %2 字节的元数据超出一帧可携带的上限（%3 个条目，%4 字节）</translation>
    </message>
    <message>
        <source>cancelled by the caller</source>
        <translation>已被调用方取消</translation>
    </message>
    <message>
        <source>not connected yet, and the call may not wait</source>
        <translation>尚未连接，且该调用不能等待</translation>
    </message>
    <message>
        <source>message of %1 bytes is larger than the maximum message size (%2)</source>
        <translation>%1 字节的消息超过了最大消息大小（%2）</translation>
    </message>
    <message>
        <source>the deadline of the call to route %1 has passed</source>
        <translation>调用路由 %1 的截止时间已过</translation>
    </message>
</context>
</TS>
