<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
        <source>request of %1 bytes is larger than the maximum message size (%2)</source>
        <translation>%1 字节的请求超过了最大消息长度（%2）</translation>
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
</context>
</TS>
