<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Builder</name>
    <message>
        <location filename="../../app/builder/commands.py" line="31"/>
        <source>Add %s</source>
        <translation>添加 %s</translation>
    </message>
    <message>
        <location filename="../../app/builder/commands.py" line="47"/>
        <source>Delete %s</source>
        <translation>删除 %s</translation>
    </message>
    <message>
        <location filename="../../app/builder/commands.py" line="68"/>
        <source>Connect %s to %s</source>
        <translation>将 %s 连接到 %s</translation>
    </message>
    <message>
        <location filename="../../app/builder/commands.py" line="82"/>
        <source>Disconnect %s from %s</source>
        <translation>断开 %s 与 %s 的连接</translation>
    </message>
    <message>
        <location filename="../../app/builder/commands.py" line="98"/>
        <source>Move %n layer(s)</source>
        <translation>移动 %n 个层</translation>
    </message>
    <message>
        <location filename="../../app/builder/commands.py" line="114"/>
        <location filename="../../app/builder/commands.py" line="156"/>
        <source>Change %s</source>
        <translation>修改 %s</translation>
    </message>
    <message>
        <location filename="../../app/builder/commands.py" line="142"/>
        <source>Rename %s to %s</source>
        <translation>将 %s 重命名为 %s</translation>
    </message>
    <message>
        <location filename="../../app/builder/commands.py" line="214"/>
        <location filename="../../app/builder/scene.py" line="204"/>
        <source>Insert %s</source>
        <translation>插入 %s</translation>
    </message>
    <message>
        <location filename="../../app/builder/commands.py" line="229"/>
        <source>Delete %n layer(s)</source>
        <translation>删除 %n 个层</translation>
    </message>
    <message>
        <location filename="../../app/builder/commands.py" line="241"/>
        <location filename="../../app/builder/scene.py" line="275"/>
        <source>Move %s</source>
        <translation>移动 %s</translation>
    </message>
    <message>
        <location filename="../../app/builder/commands.py" line="264"/>
        <source>Paste %n layer(s)</source>
        <translation>粘贴 %n 个层</translation>
    </message>
    <message>
        <location filename="../../app/builder/items.py" line="228"/>
        <source>Input %s</source>
        <translation>输入 %s</translation>
    </message>
    <message>
        <location filename="../../app/builder/items.py" line="228"/>
        <source>network input</source>
        <translation>网络输入</translation>
    </message>
    <message>
        <location filename="../../app/builder/palette.py" line="21"/>
        <source>Core</source>
        <translation>核心层</translation>
    </message>
    <message>
        <location filename="../../app/builder/palette.py" line="22"/>
        <source>Convolution</source>
        <translation>卷积</translation>
    </message>
    <message>
        <location filename="../../app/builder/palette.py" line="23"/>
        <source>Activations</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <location filename="../../app/builder/palette.py" line="24"/>
        <source>Normalization</source>
        <translation>归一化</translation>
    </message>
    <message>
        <location filename="../../app/builder/palette.py" line="25"/>
        <source>Regularization</source>
        <translation>正则化</translation>
    </message>
    <message>
        <location filename="../../app/builder/palette.py" line="126"/>
        <source>fully connected</source>
        <translation>全连接层</translation>
    </message>
    <message>
        <location filename="../../app/builder/palette.py" line="127"/>
        <source>2-D convolution</source>
        <translation>二维卷积层</translation>
    </message>
    <message>
        <location filename="../../app/builder/palette.py" line="128"/>
        <source>max pooling</source>
        <translation>最大池化</translation>
    </message>
    <message>
        <location filename="../../app/builder/palette.py" line="129"/>
        <source>average pooling</source>
        <translation>平均池化</translation>
    </message>
    <message>
        <location filename="../../app/builder/palette.py" line="130"/>
        <source>flatten to a vector</source>
        <translation>展平为向量</translation>
    </message>
    <message>
        <location filename="../../app/builder/palette.py" line="131"/>
        <source>new per-sample shape</source>
        <translation>重塑每个样本的形状</translation>
    </message>
    <message>
        <location filename="../../app/builder/palette.py" line="132"/>
        <source>randomly drop values</source>
        <translation>Dropout（随机丢弃部分值）</translation>
    </message>
    <message>
        <location filename="../../app/builder/palette.py" line="133"/>
        <source>batch normalization</source>
        <translation>批量归一化</translation>
    </message>
    <message>
        <location filename="../../app/builder/palette.py" line="134"/>
        <source>layer normalization</source>
        <translation>层归一化</translation>
    </message>
    <message>
        <location filename="../../app/builder/palette.py" line="135"/>
        <source>activation function</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <location filename="../../app/builder/palette.py" line="136"/>
        <source>probabilities over the last axis</source>
        <translation>沿最后一个轴输出概率</translation>
    </message>
    <message>
        <location filename="../../app/builder/palette.py" line="137"/>
        <source>learned leaky ReLU</source>
        <translation>斜率可学习的 Leaky ReLU</translation>
    </message>
    <message>
        <location filename="../../app/builder/palette.py" line="138"/>
        <source>rectified linear unit</source>
        <translation>修正线性单元</translation>
    </message>
    <message>
        <location filename="../../app/builder/palette.py" line="139"/>
        <source>logistic function</source>
        <translation>逻辑函数（S 型）</translation>
    </message>
    <message>
        <location filename="../../app/builder/palette.py" line="140"/>
        <source>hyperbolic tangent</source>
        <translation>双曲正切</translation>
    </message>
    <message>
        <location filename="../../app/builder/palette.py" line="141"/>
        <source>ReLU with a small negative slope</source>
        <translation>负半轴有小斜率的 ReLU</translation>
    </message>
    <message>
        <location filename="../../app/builder/palette.py" line="142"/>
        <source>exponential linear unit</source>
        <translation>指数线性单元</translation>
    </message>
    <message>
        <location filename="../../app/builder/palette.py" line="143"/>
        <source>scaled exponential linear unit</source>
        <translation>缩放指数线性单元</translation>
    </message>
    <message>
        <location filename="../../app/builder/palette.py" line="144"/>
        <source>sigmoid-weighted linear unit</source>
        <translation>Sigmoid 加权线性单元</translation>
    </message>
    <message>
        <location filename="../../app/builder/palette.py" line="145"/>
        <source>Gaussian error linear unit</source>
        <translation>高斯误差线性单元</translation>
    </message>
    <message>
        <location filename="../../app/builder/palette.py" line="146"/>
        <source>smooth ReLU</source>
        <translation>平滑版 ReLU</translation>
    </message>
    <message>
        <location filename="../../app/builder/palette.py" line="147"/>
        <source>Heaviside step</source>
        <translation>阶跃函数（感知机）</translation>
    </message>
    <message>
        <location filename="../../app/builder/quick_add.py" line="35"/>
        <source>Add layer: type a name (e.g. conv, 卷积, relu)</source>
        <translation>添加层：输入名称（如 conv、卷积、relu）</translation>
    </message>
    <message>
        <location filename="../../app/builder/scene.py" line="255"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>Files</name>
    <message>
        <location filename="../../app/document_files.py" line="69"/>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <location filename="../../app/document_files.py" line="70"/>
        <source>The network has unsaved changes. Discard them?</source>
        <translation>网络有未保存的更改。要放弃这些更改吗？</translation>
    </message>
    <message>
        <location filename="../../app/document_files.py" line="90"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../app/document_files.py" line="101"/>
        <source>Cannot open file</source>
        <translation>无法打开文件</translation>
    </message>
    <message>
        <location filename="../../app/document_files.py" line="119"/>
        <source>Save as</source>
        <translation>另存为</translation>
    </message>
    <message>
        <location filename="../../app/document_files.py" line="133"/>
        <source>Cannot save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <location filename="../../app/document_files.py" line="158"/>
        <source>Recover work</source>
        <translation>恢复工作</translation>
    </message>
    <message>
        <location filename="../../app/document_files.py" line="159"/>
        <source>LayerLab found unsaved work from a previous session:
%s

Restore it?</source>
        <translation>LayerLab 发现了上次会话中未保存的工作：
%s

要恢复吗？</translation>
    </message>
    <message>
        <location filename="../../app/document_files.py" line="171"/>
        <source>Export code</source>
        <translation>导出代码</translation>
    </message>
    <message>
        <location filename="../../app/document_files.py" line="178"/>
        <source>Cannot export</source>
        <translation>无法导出</translation>
    </message>
</context>
<context>
    <name>InspectorPanel</name>
    <message>
        <location filename="../../app/builder/inspector.py" line="287"/>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <location filename="../../app/builder/inspector.py" line="289"/>
        <source>Train the network to see weight statistics.</source>
        <translation>训练网络后即可查看权重统计。</translation>
    </message>
    <message>
        <location filename="../../app/builder/inspector.py" line="291"/>
        <source>tensor</source>
        <translation>张量</translation>
    </message>
    <message>
        <location filename="../../app/builder/inspector.py" line="291"/>
        <source>zeros</source>
        <translation>零值占比</translation>
    </message>
    <message>
        <location filename="../../app/builder/inspector.py" line="305"/>
        <source>Network settings</source>
        <translation>网络设置</translation>
    </message>
    <message>
        <location filename="../../app/builder/inspector.py" line="308"/>
        <source>input shape</source>
        <translation>输入形状</translation>
    </message>
    <message>
        <location filename="../../app/builder/inspector.py" line="309"/>
        <source>loss</source>
        <translation>损失函数</translation>
    </message>
    <message>
        <location filename="../../app/builder/inspector.py" line="310"/>
        <source>initialiser</source>
        <translation>初始化方法</translation>
    </message>
    <message>
        <location filename="../../app/builder/inspector.py" line="311"/>
        <source>seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../../app/builder/inspector.py" line="312"/>
        <source>batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location filename="../../app/builder/inspector.py" line="319"/>
        <source>optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <location filename="../../app/builder/inspector.py" line="405"/>
        <source>shape unknown</source>
        <translation>形状未知</translation>
    </message>
    <message>
        <location filename="../../app/builder/inspector.py" line="484"/>
        <source>parameters: %s</source>
        <translation>参数：%s</translation>
    </message>
</context>
<context>
    <name>LossCurveView</name>
    <message>
        <location filename="../../app/views/loss_curve.py" line="26"/>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_curve.py" line="27"/>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_curve.py" line="31"/>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_curve.py" line="35"/>
        <location filename="../../app/views/loss_curve.py" line="39"/>
        <source>train (per step)</source>
        <translation>训练（每步）</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_curve.py" line="36"/>
        <location filename="../../app/views/loss_curve.py" line="40"/>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_curve.py" line="37"/>
        <location filename="../../app/views/loss_curve.py" line="41"/>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_curve.py" line="42"/>
        <source>log scale</source>
        <translation>对数坐标</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/main_window.py" line="106"/>
        <source>Layers</source>
        <translation>网络层</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="109"/>
        <source>Inspector</source>
        <translation>检查器</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="113"/>
        <source>Parameters and memory</source>
        <translation>参数与内存</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="118"/>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="121"/>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="125"/>
        <source>Loss and accuracy</source>
        <translation>损失与准确率</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="173"/>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="174"/>
        <source>&amp;Open...</source>
        <translation>打开(&amp;O)...</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="175"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="176"/>
        <source>Save &amp;as...</source>
        <translation>另存为(&amp;A)...</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="177"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="178"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="180"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="183"/>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="185"/>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="187"/>
        <source>&amp;Duplicate</source>
        <translation>创建副本(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="189"/>
        <source>Re&amp;name layer...</source>
        <translation>重命名层(&amp;N)...</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="190"/>
        <source>&amp;About LayerLab</source>
        <translation>关于 LayerLab(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="192"/>
        <source>Network as &amp;PyTorch code...</source>
        <translation>网络导出为 PyTorch 代码(&amp;P)...</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="195"/>
        <source>Network as &amp;Keras code...</source>
        <translation>网络导出为 Keras 代码(&amp;K)...</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="197"/>
        <source>&amp;Reset layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="199"/>
        <source>Loss &amp;curves as image...</source>
        <translation>损失曲线导出为图像(&amp;C)...</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="203"/>
        <source>&amp;Memory chart as image...</source>
        <translation>内存图导出为图像(&amp;M)...</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="209"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="211"/>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="214"/>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="220"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="224"/>
        <source>&amp;Presets</source>
        <translation>预设(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="227"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="231"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="233"/>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="238"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="242"/>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="296"/>
        <source>Weights not loaded</source>
        <translation>未能加载权重</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="310"/>
        <source>The engine could not be prepared: %s</source>
        <translation>无法准备计算引擎：%s</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="325"/>
        <source>untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="332"/>
        <source>Preparing the engine (first start only)...</source>
        <translation>正在准备计算引擎（仅首次启动时）...</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="337"/>
        <source>Network OK: %s layers, %s trainable parameters</source>
        <translation>网络无误：%s 层，%s 个可训练参数</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="342"/>
        <source>%s problem(s): see the Problems panel</source>
        <translation>%s 个问题：请查看“问题”面板</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="356"/>
        <location filename="../../app/main_window.py" line="361"/>
        <source>Rename layer</source>
        <translation>重命名层</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="356"/>
        <source>New name:</source>
        <translation>新名称：</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="361"/>
        <source>&apos;%s&apos; is already taken.</source>
        <translation>名称“%s”已被占用。</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="377"/>
        <source>Build neural networks from layers, train them and look inside.</source>
        <translation>用一层层网络搭建神经网络，训练它，并观察其内部。</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="379"/>
        <source>About LayerLab</source>
        <translation>关于 LayerLab</translation>
    </message>
</context>
<context>
    <name>ParamsPanel</name>
    <message>
        <location filename="../../app/views/params_panel.py" line="76"/>
        <source>Only this view: the network&apos;s batch size is a setting</source>
        <translation>仅作用于此视图：网络的批大小请在网络设置中修改</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="79"/>
        <source>float16 (what if)</source>
        <translation>float16（假设）</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="80"/>
        <source>float64 (what if)</source>
        <translation>float64（假设）</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="81"/>
        <source>The engine runs float32; the others scale the bytes</source>
        <translation>引擎以 float32 运行；其他类型只按比例换算字节数</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="82"/>
        <source>Copy as text</source>
        <translation>复制为文本</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="86"/>
        <source>batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="86"/>
        <source>dtype</source>
        <translation>数据类型</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="95"/>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="96"/>
        <source>output shape</source>
        <translation>输出形状</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="97"/>
        <source>params (trainable / non-trainable)</source>
        <translation>参数（可训练 / 不可训练）</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="98"/>
        <source>mult-adds (batch)</source>
        <translation>乘加次数（整批）</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="99"/>
        <location filename="../../app/views/params_panel.py" line="153"/>
        <source>activations</source>
        <translation>激活值</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="100"/>
        <location filename="../../app/views/params_panel.py" line="154"/>
        <source>activation grads</source>
        <translation>激活值梯度</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="149"/>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="150"/>
        <source>params</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="151"/>
        <source>grads</source>
        <translation>梯度</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="152"/>
        <source>optimizer state</source>
        <translation>优化器状态</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="155"/>
        <source>inference total</source>
        <translation>推理合计</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="156"/>
        <source>training total</source>
        <translation>训练合计</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="187"/>
        <source>measured process memory: %s</source>
        <translation>实测进程内存：%s</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="205"/>
        <source>total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="246"/>
        <source>(%s: what if; the engine runs float32)</source>
        <translation>（%s：仅为假设；引擎实际以 float32 运行）</translation>
    </message>
</context>
<context>
    <name>PlotExport</name>
    <message>
        <location filename="../../app/plot_export.py" line="41"/>
        <source>Export plot</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <location filename="../../app/plot_export.py" line="41"/>
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation>PNG 图像 (*.png);;SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <location filename="../../app/plot_export.py" line="51"/>
        <source>Cannot export</source>
        <translation>无法导出</translation>
    </message>
</context>
<context>
    <name>TrainingControl</name>
    <message>
        <location filename="../../app/training_control.py" line="56"/>
        <source>Preparing the engine (first start only); training starts when it is ready...</source>
        <translation>正在准备计算引擎（仅首次启动时）；准备就绪后即开始训练...</translation>
    </message>
    <message>
        <location filename="../../app/training_control.py" line="71"/>
        <source>Fix the problems first:
</source>
        <translation>请先解决以下问题：
</translation>
    </message>
    <message>
        <location filename="../../app/training_control.py" line="79"/>
        <source>Not enough memory</source>
        <translation>内存不足</translation>
    </message>
    <message>
        <location filename="../../app/training_control.py" line="79"/>
        <source>Train anyway?</source>
        <translation>仍要训练吗？</translation>
    </message>
    <message>
        <location filename="../../app/training_control.py" line="95"/>
        <source>The engine could not be prepared: %s</source>
        <translation>无法准备计算引擎：%s</translation>
    </message>
    <message>
        <location filename="../../app/training_control.py" line="113"/>
        <source>The network changed: training stopped. Press Train to rebuild it.</source>
        <translation>网络已更改，训练已停止。按“训练”可重新构建网络。</translation>
    </message>
    <message>
        <location filename="../../app/training_control.py" line="118"/>
        <source>Weights reset to their initial values.</source>
        <translation>权重已重置为初始值。</translation>
    </message>
    <message>
        <location filename="../../app/training_control.py" line="124"/>
        <source>New random weights (seed %s).</source>
        <translation>已重新随机初始化权重（随机种子 %s）。</translation>
    </message>
    <message>
        <location filename="../../app/training_control.py" line="130"/>
        <source>Training paused</source>
        <translation>训练已暂停</translation>
    </message>
    <message>
        <location filename="../../app/training_control.py" line="133"/>
        <source>Training failed</source>
        <translation>训练失败</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <location filename="../../app/views/training_panel.py" line="45"/>
        <location filename="../../app/views/training_panel.py" line="47"/>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/views/training_panel.py" line="49"/>
        <source>data set</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location filename="../../app/views/training_panel.py" line="50"/>
        <source>epochs</source>
        <translation>训练轮数</translation>
    </message>
    <message>
        <location filename="../../app/views/training_panel.py" line="51"/>
        <source>stop at loss</source>
        <translation>损失达到时停止</translation>
    </message>
    <message>
        <location filename="../../app/views/training_panel.py" line="52"/>
        <source>stop at accuracy</source>
        <translation>准确率达到时停止</translation>
    </message>
    <message>
        <location filename="../../app/views/training_panel.py" line="56"/>
        <location filename="../../app/views/training_panel.py" line="90"/>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../app/views/training_panel.py" line="62"/>
        <source>Step batch</source>
        <translation>训练一个批次</translation>
    </message>
    <message>
        <location filename="../../app/views/training_panel.py" line="63"/>
        <source>Step epoch</source>
        <translation>训练一轮</translation>
    </message>
    <message>
        <location filename="../../app/views/training_panel.py" line="64"/>
        <source>Reset weights</source>
        <translation>重置权重</translation>
    </message>
    <message>
        <location filename="../../app/views/training_panel.py" line="65"/>
        <source>New weights</source>
        <translation>重新初始化权重</translation>
    </message>
    <message>
        <location filename="../../app/views/training_panel.py" line="71"/>
        <source>not trained yet</source>
        <translation>尚未训练</translation>
    </message>
    <message>
        <location filename="../../app/views/training_panel.py" line="90"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../app/views/training_panel.py" line="100"/>
        <source>epoch %s, step %s/%s</source>
        <translation>第 %s 轮，第 %s/%s 步</translation>
    </message>
    <message>
        <location filename="../../app/views/training_panel.py" line="107"/>
        <source> - loss %.4f, accuracy %.3f</source>
        <translation>，损失 %.4f，准确率 %.3f</translation>
    </message>
    <message>
        <location filename="../../app/views/training_panel.py" line="111"/>
        <source>validation: loss %.4f, accuracy %.3f</source>
        <translation>验证：损失 %.4f，准确率 %.3f</translation>
    </message>
</context>
<context>
    <name>_PaddingEdit</name>
    <message>
        <location filename="../../app/builder/inspector.py" line="166"/>
        <source>pixels</source>
        <translation>像素</translation>
    </message>
</context>
</TS>
