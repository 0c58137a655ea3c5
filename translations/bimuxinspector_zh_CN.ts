<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AttachedProcess</name>
    <message>
        <source>the process detached</source>
        <translation>进程已断开</translation>
    </message>
    <message>
        <source>the inspector stopped listening</source>
        <translation>检查器已停止监听</translation>
    </message>
    <message>
        <source>%1 (pid %2)</source>
        <translation>%1 (pid %2)</translation>
    </message>
    <message>
        <source>unnamed</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>attach: %1</source>
        <translation>附加：%1</translation>
    </message>
    <message>
        <source>unknown flag %1</source>
        <translation>未知标志 %1</translation>
    </message>
</context>
<context>
    <name>AttachedProcessModel</name>
    <message>
        <source>unnamed</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>Pid</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Events dropped</source>
        <translation>丢弃的事件</translation>
    </message>
    <message>
        <source>Attached since</source>
        <translation>附加时间</translation>
    </message>
</context>
<context>
    <name>CaptureFile</name>
    <message>
        <source>not a BiMux Inspector capture file</source>
        <translation>不是 BiMux 检查器捕获文件</translation>
    </message>
    <message>
        <source>capture file version %1 is newer than this inspector</source>
        <translation>捕获文件版本 %1 比此检查器更新</translation>
    </message>
    <message>
        <source>line %1 is not a JSON object</source>
        <translation>第 %1 行不是 JSON 对象</translation>
    </message>
    <message>
        <source>line %1 is not a frame</source>
        <translation>第 %1 行不是帧</translation>
    </message>
    <message>
        <source>line %1: frame of an unknown connection</source>
        <translation>第 %1 行：帧属于未知连接</translation>
    </message>
    <message>
        <source>line %1 is not a connection</source>
        <translation>第 %1 行不是连接</translation>
    </message>
    <message>
        <source>line %1: connection %2 appears twice</source>
        <translation>第 %1 行：连接 %2 出现了两次</translation>
    </message>
</context>
<context>
    <name>ComposeWidget</name>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Call (rpc)</source>
        <translation>调用 (rpc)</translation>
    </message>
    <message>
        <source>Oneway message</source>
        <translation>单向消息</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>十六进制</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>载荷</translation>
    </message>
    <message>
        <source>Disconnected.</source>
        <translation>已断开。</translation>
    </message>
    <message numerus="yes">
        <source>Call %1 answered after %2 ms, %n byte(s):</source>
        <translation>
            <numerusform>调用 %1 在 %2 毫秒后得到应答，%n 字节：</numerusform>
        </translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>服务器：</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>Route:</source>
        <translation>路由：</translation>
    </message>
    <message>
        <source>Timeout:</source>
        <translation>超时：</translation>
    </message>
    <message>
        <source>Payload as:</source>
        <translation>载荷格式：</translation>
    </message>
    <message>
        <source>The payload is not hex: use pairs of digits, like 0a ff 10.</source>
        <translation>载荷不是十六进制：请使用成对的数字，例如 0a ff 10。</translation>
    </message>
    <message numerus="yes">
        <source>Sent a oneway message of %n byte(s) on route %1.</source>
        <translation>
            <numerusform>已在路由 %1 上发送 %n 字节的单向消息。</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not send: not connected, or too large.</source>
        <translation>无法发送：未连接或数据过大。</translation>
    </message>
    <message>
        <source>Call %1 on route %2 sent.</source>
        <translation>已发送路由 %2 上的调用 %1。</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>断开</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Cancel Calls in Flight</source>
        <translation>取消进行中的调用</translation>
    </message>
    <message numerus="yes">
        <source>Cancels the %n call(s) the inspector made that wait for an answer</source>
        <translation>
            <numerusform>取消检查器发出的 %n 个仍在等待应答的调用</numerusform>
        </translation>
    </message>
    <message>
        <source>Send from the inspector&apos;s own connection, or inject into a connection the proxy relays</source>
        <translation>通过检查器自己的连接发送，或注入到代理转发的某个连接中</translation>
    </message>
    <message>
        <source>To the server (as the client)</source>
        <translation>发往服务器（作为客户端）</translation>
    </message>
    <message>
        <source>To the client (as the server)</source>
        <translation>发往客户端（作为服务器）</translation>
    </message>
    <message>
        <source>The peer that gets the injected frame; its answer is kept from the other peer</source>
        <translation>接收注入帧的对端；它的应答不会转给另一端</translation>
    </message>
    <message>
        <source>Target:</source>
        <translation>目标：</translation>
    </message>
    <message>
        <source>Inject:</source>
        <translation>注入：</translation>
    </message>
    <message>
        <source>Own connection (dial a URL)</source>
        <translation>自己的连接（拨号到 URL）</translation>
    </message>
    <message>
        <source>Proxied #%1</source>
        <translation>代理连接 #%1</translation>
    </message>
    <message>
        <source> (from %1)</source>
        <translation>（来自 %1）</translation>
    </message>
    <message>
        <source>Call %1 on route %2 injected into connection #%3.</source>
        <translation>路由 %2 上的调用 %1 已注入连接 #%3。</translation>
    </message>
    <message>
        <source>Not a ws:// or wss:// URL: %1</source>
        <translation>不是 ws:// 或 wss:// URL：%1</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>正在连接 %1…</translation>
    </message>
    <message>
        <source>Connected to %1.</source>
        <translation>已连接到 %1。</translation>
    </message>
    <message>
        <source>Dialing %1 was cancelled.</source>
        <translation>已取消连接 %1。</translation>
    </message>
    <message>
        <source>Could not connect to %1: %2</source>
        <translation>无法连接到 %1：%2</translation>
    </message>
    <message>
        <source>Disconnected: %1</source>
        <translation>已断开：%1</translation>
    </message>
    <message>
        <source>Call %1 failed after %2 ms: %3, %4</source>
        <translation>调用 %1 在 %2 毫秒后失败：%3，%4</translation>
    </message>
    <message>
        <source>Server URL, e.g. ws://host:port/mux</source>
        <translation>服务器 URL，例如 ws://host:port/mux</translation>
    </message>
    <message numerus="yes">
        <source>Only the first %n byte(s) of this payload were kept.</source>
        <translation>
            <numerusform>此载荷只保留了前 %n 字节。</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>compose</source>
        <translation>编写</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>the proxied connection is not open</source>
        <translation>代理连接未打开</translation>
    </message>
    <message>
        <source>disconnected: the proxied connection is gone</source>
        <translation>已断开：代理连接已不存在</translation>
    </message>
    <message>
        <source>%1 (close code %2)</source>
        <translation>%1（关闭代码 %2）</translation>
    </message>
</context>
<context>
    <name>ConnectionModel</name>
    <message>
        <source>opening</source>
        <translation>正在打开</translation>
    </message>
    <message>
        <source>open</source>
        <translation>已打开</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>Closed with code %1: %2</source>
        <translation>已关闭，代码 %1：%2</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>标识</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Peer</source>
        <translation>对端</translation>
    </message>
    <message>
        <source>Frames in</source>
        <translation>接收帧数</translation>
    </message>
    <message>
        <source>Frames out</source>
        <translation>发送帧数</translation>
    </message>
    <message>
        <source>Bytes in</source>
        <translation>接收字节</translation>
    </message>
    <message>
        <source>Bytes out</source>
        <translation>发送字节</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>运行时间</translation>
    </message>
    <message>
        <source>The same link seen from its other end (the peer is attached or proxied too)</source>
        <translation>从另一端看到的同一条链路（对端也已附加或经过代理）</translation>
    </message>
    <message>
        <source>open when saved</source>
        <translation>保存时打开</translation>
    </message>
    <message>
        <source>Other end</source>
        <translation>另一端</translation>
    </message>
</context>
<context>
    <name>FaultInjector</name>
    <message>
        <source>add latency</source>
        <translation>增加延迟</translation>
    </message>
    <message>
        <source>drop</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <source>corrupt the payload</source>
        <translation>损坏载荷</translation>
    </message>
    <message>
        <source>cut the link</source>
        <translation>切断链路</translation>
    </message>
    <message>
        <source>both</source>
        <translation>双向</translation>
    </message>
    <message>
        <source>→ out</source>
        <translation>→ 发出</translation>
    </message>
    <message>
        <source>← in</source>
        <translation>← 收到</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>On</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Routes</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>Fault</source>
        <translation>故障</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>比例</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
</context>
<context>
    <name>FaultsWidget</name>
    <message numerus="yes">
        <source>Cut %n proxied link(s).</source>
        <translation>
            <numerusform>已切断 %n 条代理链路。</numerusform>
        </translation>
    </message>
    <message>
        <source>Inject faults</source>
        <translation>注入故障</translation>
    </message>
    <message>
        <source>Switches every rule below on or off at once</source>
        <translation>一次性启用或停用下面所有规则</translation>
    </message>
    <message>
        <source>The proxy applies these rules to the frames it relays, as it receives them; faulted frames are marked in the Status column.</source>
        <translation>代理在收到帧时对其转发的帧应用这些规则；受影响的帧在“状态”列中标出。</translation>
    </message>
    <message>
        <source>both directions</source>
        <translation>双向</translation>
    </message>
    <message>
        <source>→ out (to the server)</source>
        <translation>→ 发出（到服务器）</translation>
    </message>
    <message>
        <source>← in (to the client)</source>
        <translation>← 收到（到客户端）</translation>
    </message>
    <message>
        <source>all routes, or e.g. 1, 3-5</source>
        <translation>全部路由，或例如 1, 3-5</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>Add Rule</source>
        <translation>添加规则</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Cut All Links Now</source>
        <translation>立即切断所有链路</translation>
    </message>
    <message>
        <source>Aborts every proxied connection without a close handshake, as a broken network would: clients see an abnormal closure</source>
        <translation>像网络故障那样不经关闭握手中止所有代理连接：客户端会看到异常关闭</translation>
    </message>
    <message>
        <source>Direction:</source>
        <translation>方向：</translation>
    </message>
    <message>
        <source>Routes:</source>
        <translation>路由：</translation>
    </message>
    <message>
        <source>Fault:</source>
        <translation>故障：</translation>
    </message>
    <message>
        <source>Share:</source>
        <translation>比例：</translation>
    </message>
    <message>
        <source>Latency:</source>
        <translation>延迟：</translation>
    </message>
    <message>
        <source>Not a list of routes: %1</source>
        <translation>不是路由列表：%1</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Find in payloads</source>
        <translation>在载荷中查找</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Hex bytes</source>
        <translation>十六进制字节</translation>
    </message>
    <message>
        <source>Text: ASCII letters in any case, in the payload or error message. Hex bytes: like 0a ff 10, in the payload.</source>
        <translation>文本：不区分大小写的 ASCII 字母，在载荷或错误消息中查找。十六进制字节：例如 0a ff 10，在载荷中查找。</translation>
    </message>
    <message>
        <source>Previous match (Shift+F3)</source>
        <translation>上一个匹配（Shift+F3）</translation>
    </message>
    <message>
        <source>Next match (F3)</source>
        <translation>下一个匹配（F3）</translation>
    </message>
    <message>
        <source>Close (Escape)</source>
        <translation>关闭（Esc）</translation>
    </message>
    <message numerus="yes">
        <source>%n frame(s) match</source>
        <translation>
            <numerusform>%n 个帧匹配</numerusform>
        </translation>
    </message>
    <message>
        <source>not found</source>
        <translation>未找到</translation>
    </message>
</context>
<context>
    <name>FrameDetailView</name>
    <message>
        <source>Go to request/response</source>
        <translation>转到请求/响应</translation>
    </message>
    <message>
        <source>Jump between a request and its response (Ctrl+J)</source>
        <translation>在请求与其响应之间跳转 (Ctrl+J)</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>outgoing</source>
        <translation>发出</translation>
    </message>
    <message>
        <source>incoming</source>
        <translation>收到</translation>
    </message>
    <message>
        <source>Flag</source>
        <translation>标志</translation>
    </message>
    <message>
        <source>not a bimux frame: %1</source>
        <translation>不是 bimux 帧：%1</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态码</translation>
    </message>
    <message>
        <source>%1 (%2): %3</source>
        <translation>%1 (%2)：%3</translation>
    </message>
    <message>
        <source>Timeout</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>%1 bytes on the wire, payload %2 bytes</source>
        <translation>线上 %1 字节，载荷 %2 字节</translation>
    </message>
    <message numerus="yes">
        <source>… %n more byte(s) not kept</source>
        <translation>
            <numerusform>… 另有 %n 字节未保留</numerusform>
        </translation>
    </message>
    <message>
        <source>Go to response</source>
        <translation>转到响应</translation>
    </message>
    <message>
        <source>Go to request</source>
        <translation>转到请求</translation>
    </message>
    <message>
        <source>Select a frame to see its header and payload.</source>
        <translation>选择一个帧以查看其头部和载荷。</translation>
    </message>
    <message>
        <source>Payload as %1:</source>
        <translation>载荷解码为 %1：</translation>
    </message>
    <message>
        <source>Payload as %1: cannot decode</source>
        <translation>载荷解码为 %1：无法解码</translation>
    </message>
    <message>
        <source>Injected</source>
        <translation>注入</translation>
    </message>
    <message>
        <source>by the inspector; the other peer never sees it</source>
        <translation>由检查器注入；另一端永远看不到它</translation>
    </message>
    <message>
        <source>Fault</source>
        <translation>故障</translation>
    </message>
    <message>
        <source>%1 by the proxy&apos;s fault injection</source>
        <translation>%1（由代理的故障注入造成）</translation>
    </message>
</context>
<context>
    <name>FrameModel</name>
    <message>
        <source>→ out</source>
        <translation>→ 发出</translation>
    </message>
    <message>
        <source>← in</source>
        <translation>← 收到</translation>
    </message>
    <message>
        <source>malformed</source>
        <translation>格式错误</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Conn</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Flag</source>
        <translation>标志</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态码</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>载荷</translation>
    </message>
    <message>
        <source>→ out, injected</source>
        <translation>→ 出，注入</translation>
    </message>
    <message>
        <source>← in, injected</source>
        <translation>← 入，注入</translation>
    </message>
    <message>
        <source>Injected by the inspector: the other peer of the proxied connection never sees this frame</source>
        <translation>由检查器注入：代理连接的另一端永远看不到此帧</translation>
    </message>
    <message>
        <source>Fault injected by the proxy: %1</source>
        <translation>代理注入的故障：%1</translation>
    </message>
</context>
<context>
    <name>FrameNames</name>
    <message>
        <source>delayed %1 ms</source>
        <translation>延迟 %1 毫秒</translation>
    </message>
    <message>
        <source>corrupted</source>
        <translation>已损坏</translation>
    </message>
    <message>
        <source>dropped</source>
        <translation>已丢弃</translation>
    </message>
    <message>
        <source>link cut</source>
        <translation>链路已切断</translation>
    </message>
</context>
<context>
    <name>FramesView</name>
    <message>
        <source>Follow</source>
        <translation>跟随</translation>
    </message>
    <message>
        <source>Routes, e.g. 1, 3-5</source>
        <translation>路由，例如 1, 3-5</translation>
    </message>
    <message>
        <source>All flags</source>
        <translation>所有标志</translation>
    </message>
    <message>
        <source>Both directions</source>
        <translation>双向</translation>
    </message>
    <message>
        <source>→ out</source>
        <translation>→ 发出</translation>
    </message>
    <message>
        <source>← in</source>
        <translation>← 收到</translation>
    </message>
    <message>
        <source>Text in payload or error</source>
        <translation>载荷或错误中的文本</translation>
    </message>
    <message>
        <source>Keep the newest frame in view</source>
        <translation>始终显示最新的帧</translation>
    </message>
    <message>
        <source>The other frame of this call is no longer kept.</source>
        <translation>此调用的另一帧已不再保留。</translation>
    </message>
    <message>
        <source>The other frame of this call is filtered out.</source>
        <translation>此调用的另一帧已被过滤掉。</translation>
    </message>
    <message>
        <source>→ out, injected</source>
        <translation>→ 发出，注入</translation>
    </message>
    <message>
        <source>Replay to Its Connection</source>
        <translation>在原连接上重放</translation>
    </message>
    <message>
        <source>Send this request or oneway message again, on the same connection and toward the same peer</source>
        <translation>在同一连接上向同一对端再次发送此请求或单向消息</translation>
    </message>
    <message>
        <source>Edit in Compose…</source>
        <translation>在“编写”中编辑…</translation>
    </message>
    <message>
        <source>%1 only ✕</source>
        <translation>仅 %1 ✕</translation>
    </message>
    <message>
        <source>Show the frames of every connection</source>
        <translation>显示所有连接的帧</translation>
    </message>
    <message>
        <source>Follow needs the frames sorted by time</source>
        <translation>“跟随”要求帧按时间排序</translation>
    </message>
    <message>
        <source>Follow is off, so that the selected frame stays in view. Turn it on to see the newest frames.</source>
        <translation>“跟随”已关闭，以便所选帧保持可见。打开它即可查看最新的帧。</translation>
    </message>
</context>
<context>
    <name>InflightModel</name>
    <message>
        <source>→ out</source>
        <translation>→ 发出</translation>
    </message>
    <message>
        <source>← in</source>
        <translation>← 收到</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>passed %1 s ago</source>
        <translation>已过期 %1 秒</translation>
    </message>
    <message>
        <source>in %1 s</source>
        <translation>%1 秒后</translation>
    </message>
    <message>
        <source>Conn</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>调用方</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>截止时间</translation>
    </message>
    <message>
        <source>inspector (can cancel)</source>
        <translation>检查器（可取消）</translation>
    </message>
    <message>
        <source>Made by</source>
        <translation>发起者</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>BiMux Inspector</source>
        <translation>BiMux 检查器</translation>
    </message>
    <message>
        <source>Routes</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>In-flight calls (%1)</source>
        <translation>进行中的调用 (%1)</translation>
    </message>
    <message>
        <source>Connections (%1 open)</source>
        <translation>连接 (%1 个打开)</translation>
    </message>
    <message>
        <source>Compose</source>
        <translation>编写</translation>
    </message>
    <message>
        <source>Start &amp;Proxy…</source>
        <translation>启动代理(&amp;P)…</translation>
    </message>
    <message>
        <source>Listen on a local port and forward to a ws:// server, showing every frame</source>
        <translation>在本地端口监听并转发到 ws:// 服务器，显示每一帧</translation>
    </message>
    <message>
        <source>S&amp;top Proxy</source>
        <translation>停止代理(&amp;T)</translation>
    </message>
    <message>
        <source>Accept apps started with BIMUXQT_INSPECT=127.0.0.1:%1</source>
        <translation>接受以 BIMUXQT_INSPECT=127.0.0.1:%1 启动的应用</translation>
    </message>
    <message>
        <source>Cannot listen on port %1: %2</source>
        <translation>无法监听端口 %1：%2</translation>
    </message>
    <message>
        <source>&amp;Open Capture…</source>
        <translation>打开捕获(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Save Capture…</source>
        <translation>保存捕获(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Export Frames as JSON…</source>
        <translation>将帧导出为 JSON(&amp;E)…</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Stop updating the views; frames keep being recorded</source>
        <translation>停止更新视图；帧仍会继续记录</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>&amp;Clear</source>
        <translation>清除(&amp;C)</translation>
    </message>
    <message>
        <source>Run &amp;Demo Traffic</source>
        <translation>运行演示流量(&amp;D)</translation>
    </message>
    <message>
        <source>The demo could not start.</source>
        <translation>演示无法启动。</translation>
    </message>
    <message>
        <source>&amp;Frame Limit…</source>
        <translation>帧数上限(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Go to Request/Response</source>
        <translation>转到请求/响应(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Capture</source>
        <translation>捕获</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Capture</source>
        <translation>捕获(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System Language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>%1 frames kept of %2 seen (limit %3)</source>
        <translation>已保留 %1 帧，共收到 %2 帧（上限 %3）</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>%1 frames/s</source>
        <translation>%1 帧/秒</translation>
    </message>
    <message>
        <source>proxy %1 → %2</source>
        <translation>代理 %1 → %2</translation>
    </message>
    <message numerus="yes">
        <source>attach port %1, %n process(es)</source>
        <translation>
            <numerusform>附加端口 %1，%n 个进程</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 events dropped by apps</source>
        <translation>应用丢弃了 %1 个事件</translation>
    </message>
    <message>
        <source>no source: start the proxy or listen for apps</source>
        <translation>无数据源：请启动代理或监听应用</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>BiMux Inspector – %1</source>
        <translation>BiMux 检查器 – %1</translation>
    </message>
    <message>
        <source>Cannot save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Cannot export to %1: %2</source>
        <translation>无法导出到 %1：%2</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n frame(s) to %1</source>
        <translation>
            <numerusform>已将 %n 帧导出到 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Open Capture</source>
        <translation>打开捕获</translation>
    </message>
    <message>
        <source>BiMux captures (*.bimuxcap *.jsonl);;All files (*)</source>
        <translation>BiMux 捕获文件 (*.bimuxcap *.jsonl);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Save Capture</source>
        <translation>保存捕获</translation>
    </message>
    <message>
        <source>BiMux captures (*.bimuxcap *.jsonl)</source>
        <translation>BiMux 捕获文件 (*.bimuxcap *.jsonl)</translation>
    </message>
    <message>
        <source>Export Frames</source>
        <translation>导出帧</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Frame Limit</source>
        <translation>帧数上限</translation>
    </message>
    <message>
        <source>Frames to keep (the oldest go first):</source>
        <translation>要保留的帧数（最旧的先丢弃）：</translation>
    </message>
    <message>
        <source>&amp;Decode Payloads…</source>
        <translation>解码载荷(&amp;D)…</translation>
    </message>
    <message>
        <source>Show the payloads of a route as messages of a .proto file</source>
        <translation>将某个路由的载荷显示为 .proto 文件中的消息</translation>
    </message>
    <message>
        <source>Attached apps (%1)</source>
        <translation>已附加的应用 (%1)</translation>
    </message>
    <message>
        <source>Cancel Call</source>
        <translation>取消调用</translation>
    </message>
    <message>
        <source>Cancel the selected calls the inspector made (Compose); calls of other peers are not the inspector&apos;s to cancel</source>
        <translation>取消所选的由检查器发起的调用（编写）；其他对端的调用不能由检查器取消</translation>
    </message>
    <message numerus="yes">
        <source>Cancelled %n call(s).</source>
        <translation>
            <numerusform>已取消 %n 个调用。</numerusform>
        </translation>
    </message>
    <message>
        <source>No frame is kept from that moment.</source>
        <translation>该时刻的帧已不再保留。</translation>
    </message>
    <message>
        <source>BiMux Inspector – demo traffic</source>
        <translation>BiMux 检查器 – 演示流量</translation>
    </message>
    <message>
        <source>Click a connection to see its frames only</source>
        <translation>点击一个连接以只查看它的帧</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Connections (%1 open when saved)</source>
        <translation>连接（保存时 %1 个打开）</translation>
    </message>
    <message>
        <source>Faults</source>
        <translation>故障</translation>
    </message>
    <message>
        <source>saved %1</source>
        <translation>保存于 %1</translation>
    </message>
    <message>
        <source>capture file %1</source>
        <translation>捕获文件 %1</translation>
    </message>
    <message>
        <source>demo traffic through proxy %1</source>
        <translation>经代理 %1 的演示流量</translation>
    </message>
    <message>
        <source>Connection #%1</source>
        <translation>连接 #%1</translation>
    </message>
    <message>
        <source>Connections #%1 and its other end</source>
        <translation>连接 #%1 及其另一端</translation>
    </message>
    <message>
        <source>Showing the frames of %1; the button next to Follow shows all again.</source>
        <translation>正在显示 %1 的帧；“跟随”旁边的按钮可再次显示全部。</translation>
    </message>
    <message>
        <source>Sent frame %1 of route %2 again (see Compose).</source>
        <translation>已再次发送路由 %2 的帧 %1（见“编写”）。</translation>
    </message>
    <message>
        <source>This frame cannot be sent again: its connection is gone.</source>
        <translation>无法再次发送此帧：它的连接已不存在。</translation>
    </message>
    <message>
        <source>Not a ws:// or wss:// URL: %1</source>
        <translation>不是 ws:// 或 wss:// URL：%1</translation>
    </message>
    <message>
        <source>link cut by the user</source>
        <translation>链路被用户切断</translation>
    </message>
    <message>
        <source>&amp;Listen for Apps…</source>
        <translation>监听应用(&amp;L)…</translation>
    </message>
    <message>
        <source>Open a capture file in a window of its own</source>
        <translation>在单独的窗口中打开捕获文件</translation>
    </message>
    <message>
        <source>Demo traffic in a window of its own, through a proxy of its own</source>
        <translation>在单独的窗口中、经由单独的代理显示演示流量</translation>
    </message>
    <message>
        <source>Stop &amp;Demo</source>
        <translation>停止演示(&amp;D)</translation>
    </message>
    <message>
        <source>Show &amp;Live Window</source>
        <translation>显示实时窗口(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Find in Payloads…</source>
        <translation>在载荷中查找(&amp;F)…</translation>
    </message>
    <message>
        <source>Show &amp;All Connections&apos; Frames</source>
        <translation>显示所有连接的帧(&amp;A)</translation>
    </message>
    <message>
        <source>Show Both Ends&apos; Frames</source>
        <translation>显示两端的帧</translation>
    </message>
    <message>
        <source>Cut This Link</source>
        <translation>切断此链路</translation>
    </message>
    <message>
        <source>Aborts the proxied connection as a broken network would</source>
        <translation>像网络故障那样中止此代理连接</translation>
    </message>
    <message>
        <source>Close &amp;Window</source>
        <translation>关闭窗口(&amp;W)</translation>
    </message>
    <message>
        <source>Listen for Apps</source>
        <translation>监听应用</translation>
    </message>
    <message>
        <source>Accept apps started with BIMUXQT_INSPECT=127.0.0.1:PORT on port:</source>
        <translation>在此端口接受以 BIMUXQT_INSPECT=127.0.0.1:PORT 启动的应用：</translation>
    </message>
    <message>
        <source>Streams (%1 open when saved)</source>
        <translation>流（保存时 %1 个打开）</translation>
    </message>
    <message>
        <source>Streams (%1 open)</source>
        <translation>流（%1 个打开）</translation>
    </message>
</context>
<context>
    <name>PayloadDecoder</name>
    <message>
        <source>%1 is not a file</source>
        <translation>%1 不是文件</translation>
    </message>
    <message>
        <source>unknown message type %1</source>
        <translation>未知消息类型 %1</translation>
    </message>
    <message>
        <source>the payload was cut; it cannot be decoded</source>
        <translation>载荷已被截断，无法解码</translation>
    </message>
    <message>
        <source>the payload is not a %1</source>
        <translation>载荷不是 %1</translation>
    </message>
</context>
<context>
    <name>PayloadTypesDialog</name>
    <message>
        <source>Decode Payloads</source>
        <translation>解码载荷</translation>
    </message>
    <message>
        <source>messages.proto</source>
        <translation>messages.proto</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Protocol Buffers File</source>
        <translation>Protocol Buffers 文件</translation>
    </message>
    <message>
        <source>Protocol Buffers (*.proto)</source>
        <translation>Protocol Buffers (*.proto)</translation>
    </message>
    <message>
        <source>.proto file:</source>
        <translation>.proto 文件：</translation>
    </message>
    <message>
        <source>Route:</source>
        <translation>路由：</translation>
    </message>
    <message>
        <source>Requests and oneways:</source>
        <translation>请求和单向消息：</translation>
    </message>
    <message>
        <source>Responses:</source>
        <translation>响应：</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
</context>
<context>
    <name>ProxyConnection</name>
    <message>
        <source>proxy → %1</source>
        <translation>代理 → %1</translation>
    </message>
    <message>
        <source>proxy stopped</source>
        <translation>代理已停止</translation>
    </message>
    <message>
        <source>upstream unreachable: %1</source>
        <translation>无法连接上游：%1</translation>
    </message>
    <message>
        <source>disconnected: the proxy stopped</source>
        <translation>已断开：代理已停止</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>已超时</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>已断开</translation>
    </message>
    <message>
        <source>link cut by fault injection</source>
        <translation>链路被故障注入切断</translation>
    </message>
    <message>
        <source>disconnected: %1</source>
        <translation>已断开：%1</translation>
    </message>
</context>
<context>
    <name>ProxyDialog</name>
    <message>
        <source>Start Proxy</source>
        <translation>启动代理</translation>
    </message>
    <message>
        <source>any free port</source>
        <translation>任意空闲端口</translation>
    </message>
    <message>
        <source>Clients dial the proxy on 127.0.0.1 instead of the server; the proxy forwards every message and shows it.</source>
        <translation>客户端改为连接 127.0.0.1 上的代理而不是服务器；代理会转发并显示每条消息。</translation>
    </message>
    <message>
        <source>Listen on port:</source>
        <translation>监听端口：</translation>
    </message>
    <message>
        <source>Forward to:</source>
        <translation>转发到：</translation>
    </message>
    <message>
        <source>required: the server&apos;s ws:// or wss:// URL</source>
        <translation>必填：服务器的 ws:// 或 wss:// URL</translation>
    </message>
    <message>
        <source>Not a ws:// or wss:// URL with a host, like ws://127.0.0.1:12000/mux.</source>
        <translation>不是带主机名的 ws:// 或 wss:// URL，例如 ws://127.0.0.1:12000/mux。</translation>
    </message>
</context>
<context>
    <name>ProxyServer</name>
    <message>
        <source>link cut by the user</source>
        <translation>链路被用户切断</translation>
    </message>
</context>
<context>
    <name>RouteModel</name>
    <message>
        <source>→ called by us</source>
        <translation>→ 由本方调用</translation>
    </message>
    <message>
        <source>← called by peer</source>
        <translation>← 由对端调用</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>?</source>
        <translation>?</translation>
    </message>
    <message>
        <source>Whether the callee has a handler, as far as its answers tell</source>
        <translation>被调用方是否有处理程序（根据其应答判断）</translation>
    </message>
    <message>
        <source>Frames per second since the last refresh</source>
        <translation>自上次刷新以来每秒帧数</translation>
    </message>
    <message numerus="yes">
        <source>Call latency in milliseconds, over the last %n call(s)</source>
        <translation>
            <numerusform>调用延迟（毫秒），基于最近 %n 次调用</numerusform>
        </translation>
    </message>
    <message>
        <source>Route</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Handler</source>
        <translation>处理程序</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>调用</translation>
    </message>
    <message>
        <source>Oneways</source>
        <translation>单向</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Cancels</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <source>Frames/s</source>
        <translation>帧/秒</translation>
    </message>
    <message>
        <source>p50 ms</source>
        <translation>p50 毫秒</translation>
    </message>
    <message>
        <source>p95 ms</source>
        <translation>p95 毫秒</translation>
    </message>
    <message>
        <source>p99 ms</source>
        <translation>p99 毫秒</translation>
    </message>
    <message>
        <source>others</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>(more than %1 routes)</source>
        <translation>（超过 %1 个路由）</translation>
    </message>
    <message>
        <source>(streams probe)</source>
        <translation>（流能力探测）</translation>
    </message>
</context>
<context>
    <name>StreamModel</name>
    <message>
        <source>opening</source>
        <translation>正在打开</translation>
    </message>
    <message>
        <source>open</source>
        <translation>已打开</translation>
    </message>
    <message>
        <source>out ended</source>
        <translation>发出方向已结束</translation>
    </message>
    <message>
        <source>in ended</source>
        <translation>收到方向已结束</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <source>reset</source>
        <translation>已重置</translation>
    </message>
    <message>
        <source>lost with the link</source>
        <translation>随连接丢失</translation>
    </message>
    <message>
        <source>The stream opened before the inspector saw its connection</source>
        <translation>该流在检查器看到其连接之前就已打开</translation>
    </message>
    <message>
        <source>→ out</source>
        <translation>→ 发出</translation>
    </message>
    <message>
        <source>← in</source>
        <translation>← 收到</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>Which side opened the stream: out is the side whose frames go out (the attached app; the client behind a proxy)</source>
        <translation>由哪一端打开了流：出是帧发出的一端（附加的应用；代理后面的客户端）</translation>
    </message>
    <message>
        <source>What the out side may still send: the window the other side granted, less what was sent since</source>
        <translation>发出方向一端还可以发送的量：另一端授予的窗口减去之后已发送的量</translation>
    </message>
    <message>
        <source>What the in side may still send</source>
        <translation>收到方向一端还可以发送的量</translation>
    </message>
    <message>
        <source>Conn</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>标识</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>Opener</source>
        <translation>打开方</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Bytes out</source>
        <translation>发送字节</translation>
    </message>
    <message>
        <source>Bytes in</source>
        <translation>接收字节</translation>
    </message>
    <message>
        <source>Window out</source>
        <translation>发出方向窗口</translation>
    </message>
    <message>
        <source>Window in</source>
        <translation>收到方向窗口</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>时长</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <source>All routes</source>
        <translation>全部路由</translation>
    </message>
    <message>
        <source>The route whose timeline is shown</source>
        <translation>显示其时间线的路由</translation>
    </message>
    <message>
        <source>Calls and errors per second</source>
        <translation>每秒调用与错误</translation>
    </message>
    <message>
        <source>calls/s</source>
        <translation>调用/秒</translation>
    </message>
    <message>
        <source>errors/s</source>
        <translation>错误/秒</translation>
    </message>
    <message>
        <source>Latency (ms)</source>
        <translation>延迟（毫秒）</translation>
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
        <translation>进行中的调用</translation>
    </message>
    <message>
        <source>in flight</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Click a chart to see the frames of that moment.</source>
        <translation>点击图表以查看该时刻的帧。</translation>
    </message>
    <message>
        <source>Other routes (beyond %1)</source>
        <translation>其他路由（超出 %1 个）</translation>
    </message>
    <message>
        <source>Route %1</source>
        <translation>路由 %1</translation>
    </message>
    <message>
        <source>Route %1 (%2)</source>
        <translation>路由 %1（%2）</translation>
    </message>
</context>
<context>
    <name>WireDecoder</name>
    <message>
        <source>bad field tag</source>
        <translation>字段标签无效</translation>
    </message>
    <message>
        <source>truncated varint</source>
        <translation>varint 被截断</translation>
    </message>
    <message>
        <source>truncated length-delimited field</source>
        <translation>长度前缀字段被截断</translation>
    </message>
    <message>
        <source>cannot skip field %1 of wire type %2</source>
        <translation>无法跳过线类型为 %2 的字段 %1</translation>
    </message>
    <message>
        <source>unknown flag %1</source>
        <translation>未知标志 %1</translation>
    </message>
    <message>
        <source>bad status</source>
        <translation>状态无效</translation>
    </message>
    <message>
        <source>bad status code</source>
        <translation>状态码无效</translation>
    </message>
    <message>
        <source>bad status message</source>
        <translation>状态消息无效</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Shows the traffic of bimux connections.</source>
        <translation>显示 bimux 连接的流量。</translation>
    </message>
    <message>
        <source>Show the inspector in &lt;language&gt; (en, de, zh_CN).</source>
        <translation>以 &lt;language&gt; 显示检查器（en、de、zh_CN）。</translation>
    </message>
    <message>
        <source>Start the proxy on &lt;port&gt;, forwarding to --upstream.</source>
        <translation>在 &lt;port&gt; 上启动代理，转发到 --upstream。</translation>
    </message>
    <message>
        <source>The ws:// URL the proxy forwards to.</source>
        <translation>代理转发到的 ws:// 地址。</translation>
    </message>
    <message>
        <source>Listen for apps (BIMUXQT_INSPECT) on &lt;port&gt;.</source>
        <translation>在 &lt;port&gt; 上监听应用（BIMUXQT_INSPECT）。</translation>
    </message>
    <message>
        <source>Keep at most &lt;n&gt; frames.</source>
        <translation>最多保留 &lt;n&gt; 帧。</translation>
    </message>
    <message>
        <source>Save a picture of the window to &lt;file&gt; after a few seconds, then quit.</source>
        <translation>几秒后将窗口截图保存到 &lt;file&gt;，然后退出。</translation>
    </message>
    <message>
        <source>A capture file to open.</source>
        <translation>要打开的捕获文件。</translation>
    </message>
    <message>
        <source>Show demo traffic, in a window of its own.</source>
        <translation>在单独的窗口中显示演示流量。</translation>
    </message>
    <message>
        <source>The tab shown in the picture: inflight, timeline, routes, connections, compose or faults.</source>
        <translation>图片中显示的标签页：inflight、timeline、routes、connections、compose 或 faults。</translation>
    </message>
    <message>
        <source>Milliseconds of traffic before the picture.</source>
        <translation>截图前的流量毫秒数。</translation>
    </message>
</context>
</TS>
