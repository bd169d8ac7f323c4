<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ActivationsView</name>
    <message>
        <location filename="../../app/views/activations_view.py" line="85"/>
        <source>Train the network to see its activations.</source>
        <translation>训练网络后即可查看其激活值。</translation>
    </message>
    <message>
        <location filename="../../app/views/activations_view.py" line="87"/>
        <source>Sample</source>
        <translation>样本</translation>
    </message>
    <message>
        <location filename="../../app/views/activations_view.py" line="113"/>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <location filename="../../app/views/activations_view.py" line="173"/>
        <source>sample %1: target %2, output %3</source>
        <translation>样本 %1：目标 %2，输出 %3</translation>
    </message>
    <message>
        <location filename="../../app/views/activations_view.py" line="187"/>
        <source>sample %1: label %2, predicted %3</source>
        <translation>样本 %1：标签 %2，预测 %3</translation>
    </message>
</context>
<context>
    <name>BackpropDiagram</name>
    <message>
        <location filename="../../app/views/backprop_diagram.py" line="98"/>
        <source>input</source>
        <translation>输入</translation>
    </message>
</context>
<context>
    <name>BackpropStepsView</name>
    <message>
        <location filename="../../app/views/backprop_steps.py" line="86"/>
        <source>Sample from the training data</source>
        <translation>训练数据中的样本</translation>
    </message>
    <message>
        <location filename="../../app/views/backprop_steps.py" line="87"/>
        <source>Textbook example: Mazur 2-2-2</source>
        <translation>教材示例：Mazur 2-2-2</translation>
    </message>
    <message>
        <location filename="../../app/views/backprop_steps.py" line="89"/>
        <source>sample #</source>
        <translation>样本编号</translation>
    </message>
    <message>
        <location filename="../../app/views/backprop_steps.py" line="90"/>
        <source>◀ Back</source>
        <translation>◀ 后退</translation>
    </message>
    <message>
        <location filename="../../app/views/backprop_steps.py" line="91"/>
        <source>Next layer</source>
        <translation>下一层</translation>
    </message>
    <message>
        <location filename="../../app/views/backprop_steps.py" line="92"/>
        <source>Forward ▶</source>
        <translation>前向 ▶</translation>
    </message>
    <message>
        <location filename="../../app/views/backprop_steps.py" line="93"/>
        <source>Backward ◀</source>
        <translation>反向 ◀</translation>
    </message>
    <message>
        <location filename="../../app/views/backprop_steps.py" line="94"/>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <location filename="../../app/views/backprop_steps.py" line="95"/>
        <source>One stage back</source>
        <translation>后退一个阶段</translation>
    </message>
    <message>
        <location filename="../../app/views/backprop_steps.py" line="96"/>
        <source>One stage on: the next layer forward, or back</source>
        <translation>前进一个阶段：前向的下一层，或反向的下一层</translation>
    </message>
    <message>
        <location filename="../../app/views/backprop_steps.py" line="97"/>
        <source>The whole forward pass, up to the loss</source>
        <translation>完整的前向传播，直到损失</translation>
    </message>
    <message>
        <location filename="../../app/views/backprop_steps.py" line="98"/>
        <source>The whole backward pass and the update</source>
        <translation>完整的反向传播和参数更新</translation>
    </message>
    <message>
        <location filename="../../app/views/backprop_steps.py" line="99"/>
        <source>Read the weights and the sample again; back to the start</source>
        <translation>重新读取权重和样本，回到开头</translation>
    </message>
    <message>
        <location filename="../../app/views/backprop_steps.py" line="110"/>
        <source>Quantity</source>
        <translation>量</translation>
    </message>
    <message>
        <location filename="../../app/views/backprop_steps.py" line="110"/>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../../app/views/backprop_steps.py" line="110"/>
        <source>How</source>
        <translation>计算方式</translation>
    </message>
    <message>
        <location filename="../../app/views/backprop_steps.py" line="172"/>
        <source>%s. His biases are shared per layer and not updated; here each unit has its own. mse over his 2 outputs equals his E_total = Σ ½(t - out)².</source>
        <translation>%s。原文中每层共享一个偏置且不更新；这里每个单元有自己的偏置。对他的 2 个输出求 mse，正好等于他的 E_total = Σ ½(t - out)²。</translation>
    </message>
    <message>
        <location filename="../../app/views/backprop_steps.py" line="179"/>
        <source>The network in the builder has problems.</source>
        <translation>构建器中的网络有问题。</translation>
    </message>
    <message>
        <location filename="../../app/views/backprop_steps.py" line="194"/>
        <source>The data set %s has samples of %d values; the network takes %d. Choose another data set in the Training panel, or the textbook example.</source>
        <translation>数据集 %s 的样本有 %d 个值，而网络需要 %d 个。请在训练面板中选择其他数据集，或使用教材示例。</translation>
    </message>
    <message>
        <location filename="../../app/views/backprop_steps.py" line="200"/>
        <source>Sample %d of %s.</source>
        <translation>样本 %d（%s）。</translation>
    </message>
    <message>
        <location filename="../../app/views/backprop_steps.py" line="208"/>
        <source>Weights: the network&apos;s current weights.</source>
        <translation>权重：网络当前的权重。</translation>
    </message>
    <message>
        <location filename="../../app/views/backprop_steps.py" line="212"/>
        <source>Weights: the initial weights (not trained yet).</source>
        <translation>权重：初始权重（尚未训练）。</translation>
    </message>
    <message>
        <location filename="../../app/views/backprop_steps.py" line="248"/>
        <source>Stage %d of %d: %s</source>
        <translation>第 %d 阶段（共 %d）：%s</translation>
    </message>
    <message>
        <location filename="../../app/views/backprop_table.py" line="35"/>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <location filename="../../app/views/backprop_table.py" line="37"/>
        <source>target</source>
        <translation>目标</translation>
    </message>
    <message>
        <location filename="../../app/views/backprop_table.py" line="42"/>
        <source>output</source>
        <translation>输出</translation>
    </message>
    <message>
        <location filename="../../app/views/backprop_table.py" line="86"/>
        <source>the sample</source>
        <translation>样本</translation>
    </message>
    <message>
        <location filename="../../app/views/backprop_table.py" line="88"/>
        <source>the loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../../app/views/backprop_table.py" line="90"/>
        <source>one SGD step, learning rate %s</source>
        <translation>一步 SGD，学习率 %s</translation>
    </message>
    <message>
        <location filename="../../app/views/backprop_table.py" line="93"/>
        <source>forward through %s</source>
        <translation>前向经过 %s</translation>
    </message>
    <message>
        <location filename="../../app/views/backprop_table.py" line="94"/>
        <source>backward through %s</source>
        <translation>反向经过 %s</translation>
    </message>
</context>
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
        <location filename="../../app/builder/items.py" line="224"/>
        <source>Input %s</source>
        <translation>输入 %s</translation>
    </message>
    <message>
        <location filename="../../app/builder/items.py" line="224"/>
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
    <name>Docks</name>
    <message>
        <location filename="../../app/views/activations_view.py" line="209"/>
        <source>Activations</source>
        <translation>激活值</translation>
    </message>
    <message>
        <location filename="../../app/views/backprop_steps.py" line="311"/>
        <source>Backprop step by step</source>
        <translation>逐步反向传播</translation>
    </message>
    <message>
        <location filename="../../app/views/draw_pad.py" line="366"/>
        <source>Draw a digit</source>
        <translation>手写数字</translation>
    </message>
    <message>
        <location filename="../../app/views/evaluation_view.py" line="300"/>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <location filename="../../app/views/layer_stats_view.py" line="298"/>
        <source>Gradients and weights</source>
        <translation>梯度与权重</translation>
    </message>
    <message>
        <location filename="../../app/views/lesson_browser.py" line="226"/>
        <source>Lessons</source>
        <translation>课程</translation>
    </message>
    <message>
        <location filename="../../app/views/lesson_figure.py" line="219"/>
        <source>Lesson figure</source>
        <translation>课程图示</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="477"/>
        <source>Loss surface</source>
        <translation>损失曲面</translation>
    </message>
    <message>
        <location filename="../../app/views/network_diagram.py" line="341"/>
        <source>Network diagram</source>
        <translation>网络结构图</translation>
    </message>
    <message>
        <location filename="../../app/views/optimizer_race.py" line="380"/>
        <source>Optimizer race</source>
        <translation>优化器竞赛</translation>
    </message>
</context>
<context>
    <name>DrawPadView</name>
    <message>
        <location filename="../../app/views/draw_pad.py" line="83"/>
        <location filename="../../app/views/draw_pad.py" line="322"/>
        <source>%s digits in your data set</source>
        <translation>你的数据集中有 %s 个数字</translation>
    </message>
    <message>
        <location filename="../../app/views/draw_pad.py" line="105"/>
        <source>probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <location filename="../../app/views/draw_pad.py" line="131"/>
        <source>Pen width in pixels (about a tenth of the digit)</source>
        <translation>笔宽，单位为像素（约为数字大小的十分之一）</translation>
    </message>
    <message>
        <location filename="../../app/views/draw_pad.py" line="132"/>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <location filename="../../app/views/draw_pad.py" line="133"/>
        <source>Undo stroke</source>
        <translation>撤销笔画</translation>
    </message>
    <message>
        <location filename="../../app/views/draw_pad.py" line="136"/>
        <source>The digit you drew (follows the prediction until changed)</source>
        <translation>你画的数字（手动修改前跟随预测结果）</translation>
    </message>
    <message>
        <location filename="../../app/views/draw_pad.py" line="137"/>
        <source>Add to my data set</source>
        <translation>添加到我的数据集</translation>
    </message>
    <message>
        <location filename="../../app/views/draw_pad.py" line="139"/>
        <source>Fine-tune</source>
        <translation>微调</translation>
    </message>
    <message>
        <location filename="../../app/views/draw_pad.py" line="141"/>
        <source>Train a copy of the network on your digits mixed with as many MNIST digits</source>
        <translation>用你的数字加上同样数量的 MNIST 数字训练网络的一个副本</translation>
    </message>
    <message>
        <location filename="../../app/views/draw_pad.py" line="143"/>
        <source>Undo fine-tuning</source>
        <translation>撤销微调</translation>
    </message>
    <message>
        <location filename="../../app/views/draw_pad.py" line="153"/>
        <source>Pen</source>
        <translation>画笔</translation>
    </message>
    <message>
        <location filename="../../app/views/draw_pad.py" line="163"/>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../app/views/draw_pad.py" line="177"/>
        <source>The digit network could not be loaded: %s</source>
        <translation>无法加载手写数字识别网络：%s</translation>
    </message>
    <message>
        <location filename="../../app/views/draw_pad.py" line="193"/>
        <source>Preparing the engine (first start only)...</source>
        <translation>正在准备计算引擎（仅首次启动时）...</translation>
    </message>
    <message>
        <location filename="../../app/views/draw_pad.py" line="195"/>
        <source>Loading the digit network...</source>
        <translation>正在加载手写数字识别网络...</translation>
    </message>
    <message>
        <location filename="../../app/views/draw_pad.py" line="201"/>
        <source>The engine could not be prepared: %s</source>
        <translation>无法准备计算引擎：%s</translation>
    </message>
    <message>
        <location filename="../../app/views/draw_pad.py" line="275"/>
        <source>uncertain</source>
        <translation>不确定</translation>
    </message>
    <message>
        <location filename="../../app/views/draw_pad.py" line="283"/>
        <source>shipped network</source>
        <translation>内置网络</translation>
    </message>
    <message>
        <location filename="../../app/views/draw_pad.py" line="284"/>
        <source>your network, step %s</source>
        <translation>你的网络，第 %s 步</translation>
    </message>
    <message>
        <location filename="../../app/views/draw_pad.py" line="285"/>
        <source>fine-tuned on your digits</source>
        <translation>已用你的数字微调</translation>
    </message>
    <message>
        <location filename="../../app/views/draw_pad.py" line="288"/>
        <source>(dropout on: %s passes)</source>
        <translation>（启用 Dropout：前向传播 %s 次）</translation>
    </message>
    <message>
        <location filename="../../app/views/draw_pad.py" line="303"/>
        <source>%s: %s of its %s feature maps</source>
        <translation>%s：显示 %s 个特征图（共 %s 个）</translation>
    </message>
    <message>
        <location filename="../../app/views/draw_pad.py" line="305"/>
        <source>%s: activations of its %s units</source>
        <translation>%s：%s 个神经元的激活值</translation>
    </message>
    <message>
        <location filename="../../app/views/draw_pad.py" line="312"/>
        <source>Draw a digit first.</source>
        <translation>请先画一个数字。</translation>
    </message>
    <message>
        <location filename="../../app/views/draw_pad.py" line="320"/>
        <source>Could not save your digits: %s</source>
        <translation>无法保存你的数字：%s</translation>
    </message>
    <message>
        <location filename="../../app/views/draw_pad.py" line="323"/>
        <source>Added a %s to %s.</source>
        <translation>已将数字 %s 添加到 %s。</translation>
    </message>
    <message>
        <location filename="../../app/views/draw_pad.py" line="330"/>
        <source>Add at least %s digits first.</source>
        <translation>请先添加至少 %s 个数字。</translation>
    </message>
    <message>
        <location filename="../../app/views/draw_pad.py" line="337"/>
        <source>Fine-tuning on %s of your digits...</source>
        <translation>正在用你的 %s 个数字微调...</translation>
    </message>
    <message>
        <location filename="../../app/views/draw_pad.py" line="345"/>
        <source>Fine-tuned: %s%% of your digits right before, %s%% after.</source>
        <translation>微调完成：你的数字的准确率由微调前的 %s%% 变为微调后的 %s%%。</translation>
    </message>
    <message>
        <location filename="../../app/views/draw_pad.py" line="349"/>
        <source>The network changed while fine-tuning; try again.</source>
        <translation>微调期间网络发生了更改，请重试。</translation>
    </message>
    <message>
        <location filename="../../app/views/draw_pad.py" line="351"/>
        <source>Fine-tuning failed: %s</source>
        <translation>微调失败：%s</translation>
    </message>
</context>
<context>
    <name>EngineMessages</name>
    <message>
        <location filename="../../app/engine_messages.py" line="29"/>
        <source>layer &apos;{id}&apos; is not connected: draw an edge into it</source>
        <translation>层“{id}”没有连接：请画一条连到它的边</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages.py" line="33"/>
        <source>layer &apos;{id}&apos; is not connected to the input</source>
        <translation>层“{id}”没有连接到输入</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages.py" line="37"/>
        <source>layer &apos;{id}&apos; reads from &apos;{src}&apos;, which does not exist</source>
        <translation>层“{id}”的输入“{src}”不存在</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages.py" line="43"/>
        <source>layer &apos;{id}&apos; has {n} inputs: merging branches is not supported yet</source>
        <translation>层“{id}”有 {n} 个输入：暂不支持合并分支</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages.py" line="50"/>
        <source>&apos;{src}&apos; feeds {n} layers ({outs}): branching is not supported yet</source>
        <translation>“{src}”连到了 {n} 个层（{outs}）：暂不支持分支</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages.py" line="56"/>
        <source>layers form a cycle through &apos;{id}&apos;</source>
        <translation>经过“{id}”的层构成了环</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages.py" line="60"/>
        <source>two layers are called &apos;{id}&apos;: rename one</source>
        <translation>有两个层都叫“{id}”：请给其中一个改名</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages.py" line="64"/>
        <source>the network has no layers: add one</source>
        <translation>网络中还没有层：请添加一层</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages.py" line="69"/>
        <source>{kind} &apos;{id}&apos; needs an image input (height x width x channels) but gets {shape}: set the input shape to e.g. 28x28x1 or add a Reshape</source>
        <translation>{kind}“{id}”需要图像输入（高 x 宽 x 通道），但得到的是 {shape}：请把输入形状设为例如 28x28x1，或加一个 Reshape 层</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages.py" line="78"/>
        <source>Dense &apos;{id}&apos; needs a flat input but gets {shape}: insert a Flatten layer before it</source>
        <translation>Dense“{id}”需要展平的输入，但得到的是 {shape}：请在它前面插入一个 Flatten 层</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages.py" line="86"/>
        <source>{loss} needs at least {n} outputs but the last layer gives {shape}: use binary_cross_entropy for one output</source>
        <translation>{loss} 至少需要 {n} 个输出，但最后一层给出的是 {shape}：只有一个输出时请用 binary_cross_entropy</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages.py" line="96"/>
        <source>the network takes inputs of shape {a} ({n} values) but {ds} has samples of shape {b}: change the input shape or the data set</source>
        <translation>网络的输入形状是 {a}（{n} 个值），但 {ds} 的样本形状是 {b}：请修改输入形状或换一个数据集</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages.py" line="105"/>
        <source>cannot reshape {a} ({n} values) to {b} ({m} values)</source>
        <translation>无法把 {a}（{n} 个值）变形为 {b}（{m} 个值）</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages.py" line="110"/>
        <source>{what} {k} is larger than its {hw} input; use a smaller size, padding &apos;same&apos;, or remove a pooling layer before it</source>
        <translation>{what} {k} 比它的 {hw} 输入还大；请用更小的尺寸、填充 &apos;same&apos;，或去掉它前面的一个池化层</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages.py" line="118"/>
        <source>padding {pad} too big</source>
        <translation>填充 {pad} 太大</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages.py" line="122"/>
        <source>padding {pad} must be smaller than the pool window {k}</source>
        <translation>填充 {pad} 必须小于池化窗口 {k}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages.py" line="128"/>
        <source>output {shape} is empty</source>
        <translation>输出 {shape} 为空</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages.py" line="132"/>
        <source>unknown parameter {key}{hint}</source>
        <translation>未知参数 {key}{hint}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages.py" line="136"/>
        <source>unknown kind {kind}{hint}</source>
        <translation>未知的层类型 {kind}{hint}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages.py" line="140"/>
        <source>&apos;{name}&apos; must be at least {v}, got {got}</source>
        <translation>“{name}”至少为 {v}，当前为 {got}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages.py" line="144"/>
        <source>&apos;{name}&apos; must be at most {v}, got {got}</source>
        <translation>“{name}”至多为 {v}，当前为 {got}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages.py" line="148"/>
        <source>&apos;{name}&apos; must be a whole number, got {got}</source>
        <translation>“{name}”必须是整数，当前为 {got}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages.py" line="152"/>
        <source>&apos;{name}&apos; must be a number, got {got}</source>
        <translation>“{name}”必须是数字，当前为 {got}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages.py" line="156"/>
        <source>&apos;{name}&apos; must be a finite number, got {got}</source>
        <translation>“{name}”必须是有限的数，当前为 {got}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages.py" line="160"/>
        <source>&apos;{name}&apos; must be one of {choices}; got {got}</source>
        <translation>“{name}”必须是 {choices} 之一；当前为 {got}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages.py" line="164"/>
        <source>&apos;{name}&apos; must be &apos;same&apos;, &apos;valid&apos; or a whole number &gt;= 0</source>
        <translation>“{name}”必须是 &apos;same&apos;、&apos;valid&apos; 或不小于 0 的整数</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages.py" line="170"/>
        <source>&apos;{name}&apos; must be a whole number or a pair [height, width]</source>
        <translation>“{name}”必须是一个整数或一对 [高, 宽]</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="15"/>
        <source>unknown data set {name}; valid names: {names}, or csv:&lt;path&gt;</source>
        <translation>未知的数据集 {name}；可用的名称：{names}，或 csv:&lt;path&gt;</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="21"/>
        <source>unknown option(s) for data set {name}: {options} (valid: {valid})</source>
        <translation>数据集 {name} 不认识这些选项：{options}（可用：{valid}）</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="28"/>
        <source>the {title} files were not found; download them or set {var} to their folder</source>
        <translation>找不到 {title} 的文件；请下载这些文件，或把 {var} 设为它们所在的文件夹</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="35"/>
        <source>loading a CSV file needs the option label_column</source>
        <translation>加载 CSV 文件需要选项 label_column</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="39"/>
        <source>{kind} file {file} not found in {folder}</source>
        <translation>在 {folder} 中找不到 {kind} 文件 {file}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="43"/>
        <source>expected uint8 28x28 images, got {got}</source>
        <translation>应为 uint8 类型的 28x28 图像，实际为 {got}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="47"/>
        <source>expected uint8 labels of shape (N,), got {got}</source>
        <translation>应为形状为 (N,) 的 uint8 标签，实际为 {got}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="51"/>
        <source>{a} has {n} images but {b} has {m} labels</source>
        <translation>{a} 有 {n} 张图像，但 {b} 有 {m} 个标签</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="55"/>
        <source>label {n} is outside 0..9</source>
        <translation>标签 {n} 超出了 0..9 的范围</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="59"/>
        <source>cannot read IDX file {path}: {reason}</source>
        <translation>无法读取 IDX 文件 {path}：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="63"/>
        <source>{path} is a corrupt gzip file: {reason}</source>
        <translation>{path} 是损坏的 gzip 文件：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="68"/>
        <source>{path} is not an IDX file: it starts with {first} (an IDX file starts with 00 00 &lt;type&gt; &lt;dimensions&gt;)</source>
        <translation>{path} 不是 IDX 文件：它以 {first} 开头（IDX 文件以 00 00 &lt;type&gt; &lt;dimensions&gt; 开头）</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="76"/>
        <source>unknown IDX data type code {code} (known: {known})</source>
        <translation>未知的 IDX 数据类型代码 {code}（已知：{known}）</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="80"/>
        <source>IDX header declares zero dimensions</source>
        <translation>IDX 文件头声明了 0 个维度</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="84"/>
        <source>{path} is truncated: its header needs {n} bytes, found {found}</source>
        <translation>{path} 不完整：文件头需要 {n} 字节，只有 {found} 字节</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="91"/>
        <source>{path} is truncated: expected {n} bytes of data for shape {shape}, found {found}</source>
        <translation>{path} 不完整：形状 {shape} 需要 {n} 字节的数据，只有 {found} 字节</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="99"/>
        <source>{path} has {extra} bytes of trailing garbage after the {n} bytes of data for shape {shape}</source>
        <translation>{path} 在形状 {shape} 的 {n} 字节数据之后还有 {extra} 字节多余的内容</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="108"/>
        <source>the bike-sharing data {path} is missing; reinstall LayerLab or put the UCI hour.csv there</source>
        <translation>共享单车数据 {path} 不存在；请重新安装 LayerLab，或把 UCI 的 hour.csv 放到那里</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="116"/>
        <source>the bike-sharing data {path} cannot be read: {reason}</source>
        <translation>无法读取共享单车数据 {path}：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="122"/>
        <source>the header must be {columns}</source>
        <translation>表头必须是 {columns}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="127"/>
        <source>{path} line {line}: {n} values, expected {m} ({row}...)</source>
        <translation>{path} 第 {line} 行：有 {n} 个值，应为 {m} 个（{row}...）</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="133"/>
        <source>no rows after the header</source>
        <translation>表头之后没有数据行</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="137"/>
        <source>column dteday holds a value that is not a date ({reason})</source>
        <translation>dteday 列中有一个值不是日期（{reason}）</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="143"/>
        <source>{path} line {line}, column {column}: {cell} is not a number</source>
        <translation>{path} 第 {line} 行，{column} 列：{cell} 不是数字</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="149"/>
        <source>{path} line {line}, column {column}: {cell} is not finite</source>
        <translation>{path} 第 {line} 行，{column} 列：{cell} 不是有限的数</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="155"/>
        <source>{path} line {line}, column {column}: the label is empty</source>
        <translation>{path} 第 {line} 行，{column} 列：标签为空</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="161"/>
        <source>val_fraction must be in [0, 1), not {got}</source>
        <translation>val_fraction 必须在 [0, 1) 之间，当前为 {got}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="165"/>
        <source>test_hours must be at least 1 and val_hours at least 0</source>
        <translation>test_hours 至少为 1，val_hours 至少为 0</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="171"/>
        <source>holding out {k} of {n} hours leaves no training data</source>
        <translation>从 {n} 小时中留出 {k} 小时后就没有训练数据了</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="175"/>
        <source>{option} must be in [0, 1), got {got}</source>
        <translation>{option} 必须在 [0, 1) 之间，当前为 {got}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="179"/>
        <source>val_fraction + test_fraction must be below 1, got {got}</source>
        <translation>val_fraction + test_fraction 必须小于 1，当前为 {got}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="186"/>
        <source>cannot hold out {v} validation and {t} test samples from only {n} samples and keep any for training</source>
        <translation>总共只有 {n} 个样本，留出 {v} 个验证样本和 {t} 个测试样本后就没有训练样本了</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="194"/>
        <source>cannot make batches from {n} training samples</source>
        <translation>无法用 {n} 个训练样本组成批次</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="198"/>
        <source>batch size must be at least 1, got {got}</source>
        <translation>批大小至少为 1，当前为 {got}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="202"/>
        <source>batch size {b} is larger than the {n} training samples</source>
        <translation>批大小 {b} 大于训练样本数 {n}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="208"/>
        <source>seed must be non-negative, got {got}</source>
        <translation>随机种子不能为负数，当前为 {got}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="212"/>
        <source>n must be an integer of at least {min}, got {got}</source>
        <translation>n 必须是不小于 {min} 的整数，当前为 {got}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="216"/>
        <source>noise must be a non-negative number, got {got}</source>
        <translation>noise 必须是非负数，当前为 {got}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="220"/>
        <source>task must be one of {choices}, not {got}</source>
        <translation>task 必须是 {choices} 之一，当前为 {got}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="224"/>
        <source>cannot read CSV file {path}: {reason}</source>
        <translation>无法读取 CSV 文件 {path}：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="228"/>
        <source>CSV file {path} is empty</source>
        <translation>CSV 文件 {path} 是空的</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="232"/>
        <source>CSV file {path} has a header but no data rows</source>
        <translation>CSV 文件 {path} 只有表头，没有数据行</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="236"/>
        <source>the first line must be a header row of column names, not data</source>
        <translation>第一行必须是由列名组成的表头，而不是数据</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="242"/>
        <source>duplicate column names: {names}</source>
        <translation>重复的列名：{names}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="247"/>
        <source>{path} line {line}: {n} fields, but the header has {m} columns</source>
        <translation>{path} 第 {line} 行：有 {n} 个字段，但表头有 {m} 列</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="253"/>
        <source>no label column {column}; available columns: {columns}</source>
        <translation>没有标签列 {column}；可用的列：{columns}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="259"/>
        <source>no feature column(s) {missing}; available columns: {columns}</source>
        <translation>没有特征列 {missing}；可用的列：{columns}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="265"/>
        <source>the label column {column} cannot also be a feature</source>
        <translation>标签列 {column} 不能同时作为特征</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="269"/>
        <source>no feature columns besides the label {column}</source>
        <translation>除了标签 {column} 之外没有特征列</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="275"/>
        <source>label column {column} has {n} distinct non-numeric values; automatic detection allows at most {max} classes (pass task=&apos;classification&apos; to use them all)</source>
        <translation>标签列 {column} 有 {n} 种不同的非数值取值；自动识别最多允许 {max} 个类别（传入 task=&apos;classification&apos; 即可全部使用）</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="284"/>
        <source>checksum mismatch for {url}: expected MD5 {md5}, got {got}</source>
        <translation>{url} 的校验和不符：应为 MD5 {md5}，实际为 {got}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="290"/>
        <source>download of {url} was cancelled</source>
        <translation>{url} 的下载已取消</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="294"/>
        <source>download of {url} broke off after {done} of {total} bytes</source>
        <translation>{url} 的下载在 {done}/{total} 字节处中断</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="300"/>
        <source>download of {url} broke off after {done} bytes</source>
        <translation>{url} 的下载在 {done} 字节处中断</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="304"/>
        <source>download of {url} failed: the server answered HTTP {code} {reason}</source>
        <translation>下载 {url} 失败：服务器返回 HTTP {code} {reason}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="310"/>
        <source>download of {url} failed: the connection was refused</source>
        <translation>下载 {url} 失败：连接被拒绝</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="314"/>
        <source>download of {url} failed: no answer within {t} s (timed out)</source>
        <translation>下载 {url} 失败：{t} 秒内没有响应（超时）</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="320"/>
        <source>download of {url} failed: cannot reach the server ({reason})</source>
        <translation>下载 {url} 失败：无法连接服务器（{reason}）</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_data.py" line="326"/>
        <source>download of {url} failed: {reason}</source>
        <translation>下载 {url} 失败：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="22"/>
        <source>Expecting value</source>
        <translation>此处应为一个值</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="25"/>
        <source>Expecting property name enclosed in double quotes</source>
        <translation>此处应为用双引号括起的属性名</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="29"/>
        <source>Expecting {delim} delimiter</source>
        <translation>此处应为分隔符 {delim}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="33"/>
        <source>Unterminated string starting at</source>
        <translation>字符串没有结束（从此处开始）</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="37"/>
        <source>Invalid control character at</source>
        <translation>此处有无效的控制字符</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="39"/>
        <source>Invalid \escape</source>
        <translation>无效的反斜杠转义</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="40"/>
        <source>Invalid \uXXXX escape</source>
        <translation>无效的 \uXXXX 转义</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="41"/>
        <source>Extra data</source>
        <translation>有多余的数据</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="44"/>
        <source>Illegal trailing comma before end of object</source>
        <translation>对象结束前不能有逗号</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="48"/>
        <source>Illegal trailing comma before end of array</source>
        <translation>数组结束前不能有逗号</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="56"/>
        <source>a network spec must be a JSON object</source>
        <translation>网络描述必须是一个 JSON 对象</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="60"/>
        <source>unknown key {key} in the network spec</source>
        <translation>网络描述中有未知的键 {key}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="64"/>
        <source>not a layerlab-network file: {got}</source>
        <translation>不是 layerlab-network 文件：{got}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="68"/>
        <source>unsupported version {got}</source>
        <translation>不支持的版本 {got}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="72"/>
        <source>&apos;input&apos; must be {&quot;shape&quot;: [sizes &gt;= 1]}, e.g. [784]</source>
        <translation>“input”必须是 {&quot;shape&quot;: [各维大小 &gt;= 1]}，例如 [784]</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="78"/>
        <source>&apos;layers&apos; must be a list of layer objects</source>
        <translation>“layers”必须是由层对象组成的列表</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="82"/>
        <source>layer #{n} must be an object with a &apos;kind&apos;</source>
        <translation>第 {n} 个层必须是带有“kind”的对象</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="86"/>
        <source>layer #{n}: &apos;id&apos; must be a non-empty string</source>
        <translation>第 {n} 个层：“id”必须是非空字符串</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="90"/>
        <source>&apos;inputs&apos; must list layer ids</source>
        <translation>“inputs”必须列出层的 id</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="94"/>
        <source>&apos;{name}&apos; must be a string, got {got}</source>
        <translation>“{name}”必须是字符串，当前为 {got}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="98"/>
        <source>&apos;{name}&apos; must be a loss name, got {got}</source>
        <translation>“{name}”必须是损失函数的名称，当前为 {got}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="102"/>
        <source>&apos;{name}&apos; must be an initialiser name, got {got}</source>
        <translation>“{name}”必须是初始化方法的名称，当前为 {got}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="106"/>
        <source>&apos;{name}&apos; must be a whole number &gt;= 1, got {got}</source>
        <translation>“{name}”必须是不小于 1 的整数，当前为 {got}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="111"/>
        <source>&apos;{name}&apos; must be an object like {example}, got {got}</source>
        <translation>“{name}”必须是形如 {example} 的对象，当前为 {got}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="115"/>
        <source>&apos;{name}&apos; must be a data set name like {a} or {b}, got {got}</source>
        <translation>“{name}”必须是数据集的名称，例如 {a} 或 {b}，当前为 {got}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="121"/>
        <source>not valid JSON: {inner} at line {line}, column {col}</source>
        <translation>不是有效的 JSON（第 {line} 行第 {col} 列）：{inner}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="129"/>
        <source>layout of &apos;{name}&apos; must be a position [x, y], got {got}</source>
        <translation>“{name}”的布局必须是位置 [x, y]，当前为 {got}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="135"/>
        <source>position of node &apos;{name}&apos; must be a position [x, y], got {got}</source>
        <translation>节点“{name}”的位置必须是 [x, y]，当前为 {got}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="141"/>
        <source>&apos;layout&apos; must map node ids to positions [x, y]</source>
        <translation>“layout”必须把节点 id 映射到位置 [x, y]</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="145"/>
        <source>&apos;edges&apos; must be a list of [source id, target id] pairs, got {got}</source>
        <translation>“edges”必须是由 [源 id, 目标 id] 对组成的列表，当前为 {got}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="151"/>
        <source>each extra node needs an &apos;id&apos;, a &apos;kind&apos; and &apos;params&apos;: {got}</source>
        <translation>每个额外的节点都需要“id”、“kind”和“params”：{got}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="157"/>
        <source>&apos;training&apos; must be an object with &apos;step&apos;, &apos;epoch&apos; and &apos;optimizer&apos;</source>
        <translation>“training”必须是包含“step”、“epoch”和“optimizer”的对象</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="163"/>
        <source>training &apos;optimizer&apos; must be an object, got {got}</source>
        <translation>训练状态中的“optimizer”必须是对象，当前为 {got}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="167"/>
        <source>training &apos;{name}&apos; must be a whole number &gt;= 0, got {got}</source>
        <translation>训练状态中的“{name}”必须是不小于 0 的整数，当前为 {got}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="173"/>
        <source>history row {n} must map metric names to numbers: {got}</source>
        <translation>训练历史第 {n} 行必须把指标名称映射到数值：{got}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="179"/>
        <source>the network has problems, so weights cannot go with it:</source>
        <translation>网络有问题，因此不能附带权重：</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="185"/>
        <source>the weights do not match the network: {items}</source>
        <translation>权重与网络不匹配：{items}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="189"/>
        <source>missing &apos;{name}&apos;</source>
        <translation>缺少“{name}”</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="193"/>
        <source>unknown weight &apos;{name}&apos;</source>
        <translation>未知的权重“{name}”</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="197"/>
        <source>&apos;{name}&apos; has shape {a} but the network needs {b}</source>
        <translation>“{name}”的形状是 {a}，但网络需要 {b}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="201"/>
        <source>&apos;{name}&apos; holds {dtype} values, not numbers</source>
        <translation>“{name}”保存的是 {dtype} 值，不是数字</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="205"/>
        <source>the optimizer state has shape {a} but the network needs {b}</source>
        <translation>优化器状态的形状是 {a}，但网络需要 {b}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="211"/>
        <source>{file} has {n} members; a LayerLab file has a handful</source>
        <translation>{file} 含有 {n} 个成员；LayerLab 文件只含有少数几个</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="217"/>
        <source>{file} contains an unsafe path {member}; it was not opened</source>
        <translation>{file} 含有不安全的路径 {member}；没有打开它</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="223"/>
        <source>{file} contains {member} twice; it is corrupt or crafted</source>
        <translation>{file} 含有两个 {member}；文件已损坏或是被蓄意构造的</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="230"/>
        <source>{member} would unpack to {size} bytes ({ratio} times its packed size); refusing it as a possible zip bomb</source>
        <translation>{member} 解压后将有 {size} 字节（是压缩后大小的 {ratio} 倍）；它可能是 zip 炸弹，已拒绝</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="238"/>
        <source>{member} is {size} bytes, more than {limit}</source>
        <translation>{member} 有 {size} 字节，超过了 {limit}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="242"/>
        <source>{file} is corrupt: cannot unpack {member} ({reason})</source>
        <translation>{file} 已损坏：无法解压 {member}（{reason}）</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="246"/>
        <source>cannot unpack {member} ({reason})</source>
        <translation>无法解压 {member}（{reason}）</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="251"/>
        <source>unsafe or corrupt weights in {file}: &apos;{name}&apos; holds {dtype} values (object arrays could run code and are never loaded)</source>
        <translation>{file} 中的权重不安全或已损坏：“{name}”保存的是 {dtype} 值（对象数组可能执行代码，从不加载）</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="259"/>
        <source>corrupt weights in {file}: &apos;{name}&apos; is truncated</source>
        <translation>{file} 中的权重已损坏：“{name}”不完整</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="263"/>
        <source>unsafe or corrupt weights in {file}: {reason}</source>
        <translation>{file} 中的权重不安全或已损坏：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="267"/>
        <source>{file} is not UTF-8 text</source>
        <translation>{file} 不是 UTF-8 文本</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="272"/>
        <source>{file} is not valid JSON: {inner} at line {line}, column {col}</source>
        <translation>{file} 不是有效的 JSON（第 {line} 行第 {col} 列）：{inner}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="278"/>
        <source>{file} is nested too deeply</source>
        <translation>{file} 嵌套层次太深</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="282"/>
        <source>the network in {file} is invalid:</source>
        <translation>{file} 中的网络无效：</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="286"/>
        <source>not a LayerLab project (format {got})</source>
        <translation>不是 LayerLab 项目（格式为 {got}）</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="291"/>
        <source>{file} was made by a newer LayerLab (project version {v}; this one reads version {ours} and older): update LayerLab to open it</source>
        <translation>{file} 由更新版本的 LayerLab 创建（项目版本 {v}；当前版本只能读取 {ours} 及更早的版本）：请更新 LayerLab 后再打开</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="299"/>
        <source>unsupported project version {got}</source>
        <translation>不支持的项目版本 {got}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="303"/>
        <source>{file} has no &apos;network&apos;</source>
        <translation>{file} 中没有“network”</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="307"/>
        <source>{file} is not a LayerLab project: not a zip archive, or truncated</source>
        <translation>{file} 不是 LayerLab 项目：它不是 zip 压缩包，或者不完整</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="313"/>
        <source>{file} is not a LayerLab project: it has no {member}</source>
        <translation>{file} 不是 LayerLab 项目：其中没有 {member}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="317"/>
        <source>{file} must hold one array called &apos;state&apos;</source>
        <translation>{file} 必须只包含一个名为“state”的数组</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="321"/>
        <source>{file} is too large for a network spec</source>
        <translation>{file} 太大，不会是网络描述文件</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="325"/>
        <source>cannot save the project: {reason}</source>
        <translation>无法保存项目：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="333"/>
        <source>cannot read {path}: {reason}</source>
        <translation>无法读取 {path}：{reason}</translation>
    </message>
    <message>
        <location filename="../../app/engine_messages_files.py" line="337"/>
        <source>{path} does not exist</source>
        <translation>{path} 不存在</translation>
    </message>
    <message>
        <source>{who}: {rest}</source>
        <translation type="vanished">{who}：{rest}</translation>
    </message>
</context>
<context>
    <name>EvaluationView</name>
    <message>
        <location filename="../../app/views/evaluation_view.py" line="63"/>
        <source>validation</source>
        <translation>验证集</translation>
    </message>
    <message>
        <location filename="../../app/views/evaluation_view.py" line="64"/>
        <source>test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <location filename="../../app/views/evaluation_view.py" line="65"/>
        <source>Evaluate</source>
        <translation>评估</translation>
    </message>
    <message>
        <location filename="../../app/views/evaluation_view.py" line="66"/>
        <source>Press Evaluate (or finish an epoch) to see the errors.</source>
        <translation>按“评估”（或训练完一轮）即可查看误分类情况。</translation>
    </message>
    <message>
        <location filename="../../app/views/evaluation_view.py" line="72"/>
        <source>Confusion matrix</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <location filename="../../app/views/evaluation_view.py" line="75"/>
        <source>true class</source>
        <translation>真实类别</translation>
    </message>
    <message>
        <location filename="../../app/views/evaluation_view.py" line="76"/>
        <source>predicted class</source>
        <translation>预测类别</translation>
    </message>
    <message>
        <location filename="../../app/views/evaluation_view.py" line="79"/>
        <source>Accuracy per class</source>
        <translation>各类别准确率</translation>
    </message>
    <message>
        <location filename="../../app/views/evaluation_view.py" line="122"/>
        <source>Train the network first.</source>
        <translation>请先训练网络。</translation>
    </message>
    <message>
        <location filename="../../app/views/evaluation_view.py" line="170"/>
        <source>Evaluation needs a classification data set.</source>
        <translation>评估需要分类数据集。</translation>
    </message>
    <message>
        <location filename="../../app/views/evaluation_view.py" line="193"/>
        <source>%1: accuracy %2, loss %3 on %4 samples (step %5)</source>
        <translation>%1：%4 个样本上准确率 %2，损失 %3（第 %5 步）</translation>
    </message>
    <message>
        <location filename="../../app/views/evaluation_view.py" line="216"/>
        <source>true</source>
        <translation>真实类别</translation>
    </message>
</context>
<context>
    <name>Files</name>
    <message>
        <location filename="../../app/document_files.py" line="73"/>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <location filename="../../app/document_files.py" line="74"/>
        <source>The network has unsaved changes. Discard them?</source>
        <translation>网络有未保存的更改。要放弃这些更改吗？</translation>
    </message>
    <message>
        <location filename="../../app/document_files.py" line="94"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../../app/document_files.py" line="105"/>
        <source>Cannot open file</source>
        <translation>无法打开文件</translation>
    </message>
    <message>
        <location filename="../../app/document_files.py" line="123"/>
        <source>Save as</source>
        <translation>另存为</translation>
    </message>
    <message>
        <location filename="../../app/document_files.py" line="137"/>
        <source>Cannot save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <location filename="../../app/document_files.py" line="162"/>
        <source>Recover work</source>
        <translation>恢复工作</translation>
    </message>
    <message>
        <location filename="../../app/document_files.py" line="163"/>
        <source>LayerLab found unsaved work from a previous session:
%s

Restore it?</source>
        <translation>LayerLab 发现了上次会话中未保存的工作：
%s

要恢复吗？</translation>
    </message>
    <message>
        <location filename="../../app/document_files.py" line="175"/>
        <source>Export code</source>
        <translation>导出代码</translation>
    </message>
    <message>
        <location filename="../../app/document_files.py" line="182"/>
        <source>Cannot export</source>
        <translation>无法导出</translation>
    </message>
</context>
<context>
    <name>InspectorPanel</name>
    <message>
        <location filename="../../app/builder/inspector.py" line="136"/>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <location filename="../../app/builder/inspector.py" line="138"/>
        <source>Train the network to see weight statistics.</source>
        <translation>训练网络后即可查看权重统计。</translation>
    </message>
    <message>
        <location filename="../../app/builder/inspector.py" line="140"/>
        <source>tensor</source>
        <translation>张量</translation>
    </message>
    <message>
        <location filename="../../app/builder/inspector.py" line="140"/>
        <source>zeros</source>
        <translation>零值占比</translation>
    </message>
    <message>
        <location filename="../../app/builder/inspector.py" line="154"/>
        <source>Network settings</source>
        <translation>网络设置</translation>
    </message>
    <message>
        <location filename="../../app/builder/inspector.py" line="157"/>
        <source>input shape</source>
        <translation>输入形状</translation>
    </message>
    <message>
        <location filename="../../app/builder/inspector.py" line="158"/>
        <source>loss</source>
        <translation>损失函数</translation>
    </message>
    <message>
        <location filename="../../app/builder/inspector.py" line="159"/>
        <source>initialiser</source>
        <translation>初始化方法</translation>
    </message>
    <message>
        <location filename="../../app/builder/inspector.py" line="160"/>
        <source>seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../../app/builder/inspector.py" line="161"/>
        <source>batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location filename="../../app/builder/inspector.py" line="168"/>
        <source>optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <location filename="../../app/builder/inspector.py" line="176"/>
        <source>learning-rate schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <location filename="../../app/builder/inspector.py" line="257"/>
        <source>shape unknown</source>
        <translation>形状未知</translation>
    </message>
    <message>
        <location filename="../../app/builder/inspector.py" line="347"/>
        <source>parameters: %s</source>
        <translation>参数：%s</translation>
    </message>
</context>
<context>
    <name>LayerStatsView</name>
    <message>
        <location filename="../../app/views/layer_stats_view.py" line="87"/>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../../app/views/layer_stats_view.py" line="112"/>
        <source>Gradient norm</source>
        <translation>梯度范数</translation>
    </message>
    <message>
        <location filename="../../app/views/layer_stats_view.py" line="124"/>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location filename="../../app/views/layer_stats_view.py" line="129"/>
        <source>Weight histogram</source>
        <translation>权重直方图</translation>
    </message>
    <message>
        <location filename="../../app/views/layer_stats_view.py" line="134"/>
        <source>Weights as images</source>
        <translation>权重图像</translation>
    </message>
    <message>
        <location filename="../../app/views/layer_stats_view.py" line="228"/>
        <source>This layer has no weights</source>
        <translation>该层没有权重</translation>
    </message>
    <message>
        <location filename="../../app/views/layer_stats_view.py" line="237"/>
        <source>Images: first Dense layer on images, or Conv2D filters</source>
        <translation>图像显示：以图像为输入的第一个 Dense 层，或 Conv2D 卷积核</translation>
    </message>
    <message>
        <location filename="../../app/views/layer_stats_view.py" line="248"/>
        <source>%1: weights of each unit (blue negative, red positive, |w| up to %2)</source>
        <translation>%1：每个神经元的权重（蓝色为负，红色为正，|w| 最大 %2）</translation>
    </message>
    <message>
        <location filename="../../app/views/layer_stats_view.py" line="258"/>
        <source> vanishing</source>
        <translation>（梯度消失）</translation>
    </message>
    <message>
        <location filename="../../app/views/layer_stats_view.py" line="258"/>
        <source> exploding</source>
        <translation>（梯度爆炸）</translation>
    </message>
    <message>
        <location filename="../../app/views/layer_stats_view.py" line="260"/>
        <source>first/last gradient: %1</source>
        <translation>首层/末层梯度比：%1</translation>
    </message>
    <message>
        <location filename="../../app/views/layer_stats_view.py" line="262"/>
        <source>dead ReLU</source>
        <translation>死亡 ReLU</translation>
    </message>
    <message>
        <location filename="../../app/views/layer_stats_view.py" line="263"/>
        <source>saturated</source>
        <translation>饱和</translation>
    </message>
    <message>
        <location filename="../../app/views/layer_stats_view.py" line="271"/>
        <source>NaN/Inf in </source>
        <translation>出现 NaN/Inf 的层：</translation>
    </message>
    <message>
        <location filename="../../app/views/layer_stats_view.py" line="273"/>
        <source>no NaN/Inf</source>
        <translation>无 NaN/Inf</translation>
    </message>
</context>
<context>
    <name>LessonBrowser</name>
    <message>
        <location filename="../../app/views/lesson_browser.py" line="63"/>
        <source>Open lesson</source>
        <translation>打开课程</translation>
    </message>
    <message>
        <location filename="../../app/views/lesson_browser.py" line="66"/>
        <source>Click a step to see where it happens.</source>
        <translation>点击某一步，查看它在界面中的位置。</translation>
    </message>
    <message>
        <location filename="../../app/views/lesson_browser.py" line="89"/>
        <source>Choose a lesson.</source>
        <translation>请选择一节课程。</translation>
    </message>
    <message>
        <location filename="../../app/views/lesson_browser.py" line="108"/>
        <source>Lessons with errors (%s)</source>
        <translation>有错误的课程（%s）</translation>
    </message>
    <message>
        <location filename="../../app/views/lesson_browser.py" line="139"/>
        <source>This lesson file cannot be used:</source>
        <translation>无法使用此课程文件：</translation>
    </message>
    <message>
        <location filename="../../app/views/lesson_browser.py" line="158"/>
        <source>Reproduces: %s</source>
        <translation>复现：%s</translation>
    </message>
    <message>
        <location filename="../../app/views/lesson_browser.py" line="185"/>
        <source>This lesson cannot be opened: %s</source>
        <translation>无法打开此课程：%s</translation>
    </message>
    <message>
        <location filename="../../app/views/lesson_browser.py" line="188"/>
        <source>Not opened: your network is kept.</source>
        <translation>未打开：你的网络保持不变。</translation>
    </message>
    <message>
        <location filename="../../app/views/lesson_browser.py" line="199"/>
        <source>Lesson opened. Follow the steps.</source>
        <translation>课程已打开，请按步骤操作。</translation>
    </message>
    <message>
        <location filename="../../app/views/lesson_browser.py" line="214"/>
        <source>This step points at &apos;%s&apos;, which is not in this window.</source>
        <translation>这一步指向“%s”，但它不在此窗口中。</translation>
    </message>
</context>
<context>
    <name>LessonFigure</name>
    <message>
        <location filename="../../app/lessons/claim_report.py" line="82"/>
        <source>%s: not among the run&apos;s values</source>
        <translation>%s：不在本次运行的数值中</translation>
    </message>
    <message>
        <location filename="../../app/lessons/claim_report.py" line="85"/>
        <source>%s = %s (expected %s)</source>
        <translation>%s = %s（应为 %s）</translation>
    </message>
    <message>
        <location filename="../../app/views/lesson_figure.py" line="55"/>
        <source>No lesson open: choose one in the Lessons panel.</source>
        <translation>尚未打开课程：请在课程面板中选择。</translation>
    </message>
    <message>
        <location filename="../../app/views/lesson_figure.py" line="58"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../../app/views/lesson_figure.py" line="60"/>
        <source>Run the experiment again with the lesson&apos;s values</source>
        <translation>用课程的参数重新运行实验</translation>
    </message>
    <message>
        <location filename="../../app/views/lesson_figure.py" line="77"/>
        <source>running...</source>
        <translation>运行中……</translation>
    </message>
    <message>
        <location filename="../../app/views/lesson_figure.py" line="116"/>
        <source>This lesson has no figure.</source>
        <translation>这节课程没有图示。</translation>
    </message>
    <message>
        <location filename="../../app/views/lesson_figure.py" line="185"/>
        <source>done in %.2f s</source>
        <translation>用时 %.2f 秒</translation>
    </message>
    <message>
        <location filename="../../app/views/lesson_figure.py" line="190"/>
        <source>The experiment failed: %s</source>
        <translation>实验失败：%s</translation>
    </message>
    <message>
        <location filename="../../app/views/lesson_figure.py" line="207"/>
        <source>The lesson&apos;s claims:</source>
        <translation>课程的结论：</translation>
    </message>
    <message>
        <location filename="../../app/views/lesson_figure.py" line="210"/>
        <source>This run: %s</source>
        <translation>本次运行：%s</translation>
    </message>
</context>
<context>
    <name>Lessons</name>
    <message>
        <location filename="../../app/lessons/setup.py" line="69"/>
        <source>There is no preset network &apos;%s&apos;. Presets: %s</source>
        <translation>没有名为“%s”的预设网络。可用预设：%s</translation>
    </message>
    <message>
        <location filename="../../app/lessons/setup.py" line="85"/>
        <source>The lesson&apos;s network cannot be read:
%s</source>
        <translation>无法读取课程中的网络：
%s</translation>
    </message>
    <message>
        <location filename="../../app/lessons/setup.py" line="91"/>
        <source>The lesson&apos;s network has problems:
%s</source>
        <translation>课程中的网络有问题：
%s</translation>
    </message>
    <message>
        <location filename="../../app/lessons/setup.py" line="102"/>
        <source>The lesson&apos;s optimizer settings are not valid:
%s</source>
        <translation>课程中的优化器设置无效：
%s</translation>
    </message>
    <message>
        <location filename="../../app/lessons/setup.py" line="118"/>
        <source>The data set &apos;%s&apos; is not on this computer (the README says where it goes).</source>
        <translation>本机没有数据集“%s”（README 中说明了它应放在哪里）。</translation>
    </message>
    <message>
        <location filename="../../app/lessons/setup.py" line="122"/>
        <source>There is no data set &apos;%s&apos;. Data sets: %s</source>
        <translation>没有数据集“%s”。可用数据集：%s</translation>
    </message>
    <message>
        <location filename="../../app/lessons/setup.py" line="148"/>
        <source>The lesson names unknown view(s) %s. Views: %s</source>
        <translation>课程中有未知的视图 %s。可用视图：%s</translation>
    </message>
    <message>
        <location filename="../../app/lessons/setup.py" line="185"/>
        <source>Lesson settings</source>
        <translation>课程设置</translation>
    </message>
</context>
<context>
    <name>LossCurveView</name>
    <message>
        <location filename="../../app/views/loss_curve.py" line="34"/>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_curve.py" line="36"/>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_curve.py" line="40"/>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_curve.py" line="45"/>
        <location filename="../../app/views/loss_curve.py" line="49"/>
        <source>train (per step)</source>
        <translation>训练（每步）</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_curve.py" line="46"/>
        <location filename="../../app/views/loss_curve.py" line="50"/>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_curve.py" line="47"/>
        <location filename="../../app/views/loss_curve.py" line="51"/>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_curve.py" line="54"/>
        <source>log scale</source>
        <translation>对数坐标</translation>
    </message>
</context>
<context>
    <name>LossSurfaceView</name>
    <message>
        <location filename="../../app/surface_worker.py" line="170"/>
        <source>Loss %.4g at the current weights, %.4g to %.4g on the grid.</source>
        <translation>当前权重处的损失为 %.4g，网格上的损失范围为 %.4g 到 %.4g。</translation>
    </message>
    <message>
        <location filename="../../app/surface_worker.py" line="173"/>
        <source>The PCA directions explain %.1f%% and %.1f%% of the path.</source>
        <translation>两个主成分方向分别解释了路径 %.1f%% 和 %.1f%% 的方差。</translation>
    </message>
    <message>
        <location filename="../../app/surface_worker.py" line="366"/>
        <source>PCA directions need at least 3 checkpoints: train longer.</source>
        <translation>主成分方向至少需要 3 个检查点：请多训练一段时间。</translation>
    </message>
    <message>
        <location filename="../../app/surface_worker.py" line="385"/>
        <location filename="../../app/views/loss_surface.py" line="250"/>
        <location filename="../../app/views/loss_surface.py" line="389"/>
        <source>Train the network first.</source>
        <translation>请先训练网络。</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="54"/>
        <source>too small</source>
        <translation>过小</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="55"/>
        <source>right</source>
        <translation>合适</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="56"/>
        <source>zig-zag</source>
        <translation>之字形震荡</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="57"/>
        <source>too large</source>
        <translation>过大</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="130"/>
        <source>Exact surfaces</source>
        <translation>解析曲面</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="130"/>
        <source>Real network</source>
        <translation>真实网络</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="141"/>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="152"/>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="152"/>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="152"/>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="161"/>
        <location filename="../../app/views/loss_surface.py" line="366"/>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="164"/>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="172"/>
        <source>Surface</source>
        <translation>曲面</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="173"/>
        <source>Learning rate on w1² + 20 w2²:</source>
        <translation>在 w1² + 20 w2² 上的学习率：</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="175"/>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="176"/>
        <source>steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="176"/>
        <source>speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="203"/>
        <source>random (filter-normalized)</source>
        <translation>随机（滤波器归一化）</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="203"/>
        <source>PCA of the training path</source>
        <translation>训练路径的主成分</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="204"/>
        <location filename="../../app/views/loss_surface.py" line="399"/>
        <source>Compute</source>
        <translation>计算</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="205"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="209"/>
        <source>Follow training, every</source>
        <translation>跟随训练，每隔</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="210"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="216"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="216"/>
        <source>range</source>
        <translation>范围</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="217"/>
        <source>directions</source>
        <translation>方向</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="316"/>
        <source>start (%.3g, %.3g): click the map to move it</source>
        <translation>起点 (%.3g, %.3g)：点击等高线图可移动起点</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="322"/>
        <source>diverged</source>
        <translation>已发散</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="338"/>
        <source>step %d: f = %.4g</source>
        <translation>第 %d 步：f = %.4g</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="341"/>
        <source>diverged at step %d</source>
        <translation>在第 %d 步发散</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="366"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="393"/>
        <source>Estimating the cost…</source>
        <translation>正在估算计算开销…</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="400"/>
        <source>Computing %d × %d…</source>
        <translation>正在计算 %d × %d…</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="414"/>
        <source>%d × %d = %s points: about %.1f s. Click Compute to go on.</source>
        <translation>%d × %d = %s 个点：约需 %.1f 秒。点击“计算”继续。</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="416"/>
        <source>Compute (%.1f s)</source>
        <translation>计算（%.1f 秒）</translation>
    </message>
    <message>
        <location filename="../../app/views/loss_surface.py" line="439"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../../app/views/surface_plots.py" line="186"/>
        <source>step along direction 1</source>
        <translation>沿方向 1 的步长</translation>
    </message>
    <message>
        <location filename="../../app/views/surface_plots.py" line="194"/>
        <source>The 3-D view needs OpenGL, which is not available.</source>
        <translation>三维视图需要 OpenGL，但当前不可用。</translation>
    </message>
    <message>
        <location filename="../../app/views/surface_plots.py" line="353"/>
        <source>training path</source>
        <translation>训练路径</translation>
    </message>
    <message>
        <location filename="../../app/views/surface_plots.py" line="355"/>
        <source> (PCA: %.0f%% + %.0f%%)</source>
        <translation>（主成分：%.0f%% + %.0f%%）</translation>
    </message>
    <message>
        <location filename="../../app/views/surface_plots.py" line="406"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../app/views/surface_plots.py" line="409"/>
        <source>Grid as CSV…</source>
        <translation>网格导出为 CSV…</translation>
    </message>
    <message>
        <location filename="../../app/views/surface_plots.py" line="410"/>
        <source>Grid as NPZ…</source>
        <translation>网格导出为 NPZ…</translation>
    </message>
    <message>
        <location filename="../../app/views/surface_plots.py" line="411"/>
        <source>Contour map as PNG…</source>
        <translation>等高线图导出为 PNG…</translation>
    </message>
    <message>
        <location filename="../../app/views/surface_plots.py" line="412"/>
        <source>3-D view as PNG…</source>
        <translation>三维视图导出为 PNG…</translation>
    </message>
    <message>
        <location filename="../../app/views/surface_plots.py" line="426"/>
        <source>CSV table (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../app/views/surface_plots.py" line="426"/>
        <source>NumPy arrays (*.npz)</source>
        <translation>NumPy 数组 (*.npz)</translation>
    </message>
    <message>
        <location filename="../../app/views/surface_plots.py" line="428"/>
        <source>Export loss grid</source>
        <translation>导出损失网格</translation>
    </message>
    <message>
        <location filename="../../app/views/surface_plots.py" line="438"/>
        <source>Export image</source>
        <translation>导出图像</translation>
    </message>
    <message>
        <location filename="../../app/views/surface_plots.py" line="438"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/main_window.py" line="133"/>
        <source>Layers</source>
        <translation>网络层</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="134"/>
        <source>Inspector</source>
        <translation>检查器</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="135"/>
        <source>Parameters and memory</source>
        <translation>参数与内存</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="136"/>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="137"/>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="138"/>
        <source>Loss and accuracy</source>
        <translation>损失与准确率</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="279"/>
        <source>Weights not loaded</source>
        <translation>未能加载权重</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="293"/>
        <source>The engine could not be prepared: %s</source>
        <translation>无法准备计算引擎：%s</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="300"/>
        <source>untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="307"/>
        <source>Preparing the engine (first start only)...</source>
        <translation>正在准备计算引擎（仅首次启动时）...</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="312"/>
        <source>Network OK: %s layers, %s trainable parameters</source>
        <translation>网络无误：%s 层，%s 个可训练参数</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="317"/>
        <source>%s problem(s): see the Problems panel</source>
        <translation>%s 个问题：请查看“问题”面板</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="331"/>
        <location filename="../../app/main_window.py" line="336"/>
        <source>Rename layer</source>
        <translation>重命名层</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="331"/>
        <source>New name:</source>
        <translation>新名称：</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="336"/>
        <source>&apos;%s&apos; is already taken.</source>
        <translation>名称“%s”已被占用。</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="343"/>
        <source>The network was made for the data set &apos;%1&apos;, which is not available here.</source>
        <translation>该网络是为数据集“%1”设计的，但这里没有这个数据集。</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="371"/>
        <source>Build neural networks from layers, train them and look inside.</source>
        <translation>用一层层网络搭建神经网络，训练它，并观察其内部。</translation>
    </message>
    <message>
        <location filename="../../app/main_window.py" line="373"/>
        <source>About LayerLab</source>
        <translation>关于 LayerLab</translation>
    </message>
    <message>
        <location filename="../../app/window_menus.py" line="40"/>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../app/window_menus.py" line="41"/>
        <source>&amp;Open...</source>
        <translation>打开(&amp;O)...</translation>
    </message>
    <message>
        <location filename="../../app/window_menus.py" line="42"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../app/window_menus.py" line="43"/>
        <source>Save &amp;as...</source>
        <translation>另存为(&amp;A)...</translation>
    </message>
    <message>
        <location filename="../../app/window_menus.py" line="44"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../app/window_menus.py" line="45"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../app/window_menus.py" line="47"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../app/window_menus.py" line="50"/>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../app/window_menus.py" line="52"/>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../app/window_menus.py" line="54"/>
        <source>&amp;Duplicate</source>
        <translation>创建副本(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../app/window_menus.py" line="56"/>
        <source>Re&amp;name layer...</source>
        <translation>重命名层(&amp;N)...</translation>
    </message>
    <message>
        <location filename="../../app/window_menus.py" line="57"/>
        <source>&amp;About LayerLab</source>
        <translation>关于 LayerLab(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../app/window_menus.py" line="59"/>
        <source>Network as &amp;PyTorch code...</source>
        <translation>网络导出为 PyTorch 代码(&amp;P)...</translation>
    </message>
    <message>
        <location filename="../../app/window_menus.py" line="62"/>
        <source>Network as &amp;Keras code...</source>
        <translation>网络导出为 Keras 代码(&amp;K)...</translation>
    </message>
    <message>
        <location filename="../../app/window_menus.py" line="64"/>
        <source>&amp;Reset layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../app/window_menus.py" line="66"/>
        <source>Loss &amp;curves as image...</source>
        <translation>损失曲线导出为图像(&amp;C)...</translation>
    </message>
    <message>
        <location filename="../../app/window_menus.py" line="70"/>
        <source>&amp;Memory chart as image...</source>
        <translation>内存图导出为图像(&amp;M)...</translation>
    </message>
    <message>
        <location filename="../../app/window_menus.py" line="76"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../app/window_menus.py" line="78"/>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../app/window_menus.py" line="81"/>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../app/window_menus.py" line="87"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../app/window_menus.py" line="91"/>
        <source>&amp;Presets</source>
        <translation>预设(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../app/window_menus.py" line="94"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../app/window_menus.py" line="98"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../app/window_menus.py" line="100"/>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../app/window_menus.py" line="105"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../app/window_menus.py" line="106"/>
        <source>&amp;Lessons</source>
        <translation>课程(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../app/window_menus.py" line="110"/>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
</context>
<context>
    <name>NetworkDiagramView</name>
    <message>
        <location filename="../../app/views/network_diagram.py" line="124"/>
        <location filename="../../app/views/network_diagram.py" line="302"/>
        <source>Decision boundary</source>
        <translation>决策边界</translation>
    </message>
    <message>
        <location filename="../../app/views/network_diagram.py" line="296"/>
        <source>unit</source>
        <translation>神经元</translation>
    </message>
</context>
<context>
    <name>OptimizerRaceView</name>
    <message>
        <location filename="../../app/views/optimizer_race.py" line="116"/>
        <source>racer</source>
        <translation>参赛者</translation>
    </message>
    <message>
        <location filename="../../app/views/optimizer_race.py" line="116"/>
        <source>optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <location filename="../../app/views/optimizer_race.py" line="116"/>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location filename="../../app/views/optimizer_race.py" line="122"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../app/views/optimizer_race.py" line="123"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../app/views/optimizer_race.py" line="126"/>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../../app/views/optimizer_race.py" line="127"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../app/views/optimizer_race.py" line="128"/>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <location filename="../../app/views/optimizer_race.py" line="133"/>
        <source> steps</source>
        <translation> 步</translation>
    </message>
    <message>
        <location filename="../../app/views/optimizer_race.py" line="134"/>
        <source>Mean over this many steps (1: every step as it is)</source>
        <translation>按这么多步取平均（1：逐步显示）</translation>
    </message>
    <message>
        <location filename="../../app/views/optimizer_race.py" line="136"/>
        <location filename="../../app/views/optimizer_race.py" line="273"/>
        <source>Press Start to race the optimizers on the builder&apos;s network.</source>
        <translation>按“开始”，让各优化器在构建器中的网络上比赛。</translation>
    </message>
    <message>
        <location filename="../../app/views/optimizer_race.py" line="139"/>
        <source>Training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <location filename="../../app/views/optimizer_race.py" line="140"/>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <location filename="../../app/views/optimizer_race.py" line="141"/>
        <source>Validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <location filename="../../app/views/optimizer_race.py" line="142"/>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location filename="../../app/views/optimizer_race.py" line="146"/>
        <source>log scale</source>
        <translation>对数坐标</translation>
    </message>
    <message>
        <location filename="../../app/views/optimizer_race.py" line="180"/>
        <source>smoothing</source>
        <translation>平滑</translation>
    </message>
    <message>
        <location filename="../../app/views/optimizer_race.py" line="240"/>
        <source>Tick at least one optimizer.</source>
        <translation>请至少勾选一个优化器。</translation>
    </message>
    <message>
        <location filename="../../app/views/optimizer_race.py" line="250"/>
        <source>Building %s networks...</source>
        <translation>正在构建 %s 个网络……</translation>
    </message>
    <message>
        <location filename="../../app/views/optimizer_race.py" line="252"/>
        <source>The race is over; press Reset to race again.</source>
        <translation>比赛结束；按“重置”重新开始。</translation>
    </message>
    <message>
        <location filename="../../app/views/optimizer_race.py" line="340"/>
        <source>step %s (epoch %s)</source>
        <translation>第 %s 步（第 %s 轮）</translation>
    </message>
    <message>
        <location filename="../../app/views/optimizer_race.py" line="342"/>
        <source>finished</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../app/views/optimizer_race.py" line="347"/>
        <source>diverged: %s</source>
        <translation>发散：%s</translation>
    </message>
    <message>
        <location filename="../../app/views/optimizer_race.py" line="367"/>
        <source>The engine is still being prepared; press Start again when ready.</source>
        <translation>引擎仍在准备中；准备好后请再按“开始”。</translation>
    </message>
    <message>
        <location filename="../../app/views/optimizer_race.py" line="371"/>
        <source>Fix the problems first:
</source>
        <translation>请先解决以下问题：
</translation>
    </message>
</context>
<context>
    <name>ParamsPanel</name>
    <message>
        <location filename="../../app/views/params_panel.py" line="77"/>
        <source>Only this view: the network&apos;s batch size is a setting</source>
        <translation>仅作用于此视图：网络的批大小请在网络设置中修改</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="80"/>
        <source>float16 (what if)</source>
        <translation>float16（假设）</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="81"/>
        <source>float64 (what if)</source>
        <translation>float64（假设）</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="82"/>
        <source>The engine runs float32; the others scale the bytes</source>
        <translation>引擎以 float32 运行；其他类型只按比例换算字节数</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="83"/>
        <source>Copy as text</source>
        <translation>复制为文本</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="87"/>
        <source>batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="87"/>
        <source>dtype</source>
        <translation>数据类型</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="96"/>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="97"/>
        <source>output shape</source>
        <translation>输出形状</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="98"/>
        <source>params (trainable / non-trainable)</source>
        <translation>参数（可训练 / 不可训练）</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="99"/>
        <source>mult-adds (batch)</source>
        <translation>乘加次数（整批）</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="100"/>
        <location filename="../../app/views/params_panel.py" line="154"/>
        <source>activations</source>
        <translation>激活值</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="101"/>
        <location filename="../../app/views/params_panel.py" line="155"/>
        <source>activation grads</source>
        <translation>激活值梯度</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="150"/>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="151"/>
        <source>params</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="152"/>
        <source>grads</source>
        <translation>梯度</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="153"/>
        <source>optimizer state</source>
        <translation>优化器状态</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="156"/>
        <source>inference total</source>
        <translation>推理合计</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="157"/>
        <source>training total</source>
        <translation>训练合计</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="188"/>
        <source>measured process memory: %s</source>
        <translation>实测进程内存：%s</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="206"/>
        <source>total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../app/views/params_panel.py" line="247"/>
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
    <name>ScheduleEditor</name>
    <message>
        <location filename="../../app/builder/schedule_editor.py" line="34"/>
        <source>constant</source>
        <translation>恒定</translation>
    </message>
    <message>
        <location filename="../../app/builder/schedule_editor.py" line="35"/>
        <source>step decay</source>
        <translation>阶梯衰减</translation>
    </message>
    <message>
        <location filename="../../app/builder/schedule_editor.py" line="36"/>
        <source>exponential decay</source>
        <translation>指数衰减</translation>
    </message>
    <message>
        <location filename="../../app/builder/schedule_editor.py" line="37"/>
        <source>cosine annealing</source>
        <translation>余弦退火</translation>
    </message>
</context>
<context>
    <name>TrainingControl</name>
    <message>
        <location filename="../../app/training_control.py" line="57"/>
        <source>Preparing the engine (first start only); training starts when it is ready...</source>
        <translation>正在准备计算引擎（仅首次启动时）；准备就绪后即开始训练...</translation>
    </message>
    <message>
        <location filename="../../app/training_control.py" line="72"/>
        <source>Fix the problems first:
</source>
        <translation>请先解决以下问题：
</translation>
    </message>
    <message>
        <location filename="../../app/training_control.py" line="81"/>
        <source>Not enough memory</source>
        <translation>内存不足</translation>
    </message>
    <message>
        <location filename="../../app/training_control.py" line="81"/>
        <source>Train anyway?</source>
        <translation>仍要训练吗？</translation>
    </message>
    <message>
        <location filename="../../app/training_control.py" line="97"/>
        <source>The engine could not be prepared: %s</source>
        <translation>无法准备计算引擎：%s</translation>
    </message>
    <message>
        <location filename="../../app/training_control.py" line="115"/>
        <source>The network changed: training stopped. Press Train to rebuild it.</source>
        <translation>网络已更改，训练已停止。按“训练”可重新构建网络。</translation>
    </message>
    <message>
        <location filename="../../app/training_control.py" line="120"/>
        <source>Weights reset to their initial values.</source>
        <translation>权重已重置为初始值。</translation>
    </message>
    <message>
        <location filename="../../app/training_control.py" line="126"/>
        <source>New random weights (seed %s).</source>
        <translation>已重新随机初始化权重（随机种子 %s）。</translation>
    </message>
    <message>
        <location filename="../../app/training_control.py" line="132"/>
        <source>Training paused</source>
        <translation>训练已暂停</translation>
    </message>
    <message>
        <location filename="../../app/training_control.py" line="135"/>
        <source>Training failed</source>
        <translation>训练失败</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <location filename="../../app/views/training_panel.py" line="46"/>
        <location filename="../../app/views/training_panel.py" line="48"/>
        <location filename="../../app/views/training_panel.py" line="53"/>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/views/training_panel.py" line="50"/>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <location filename="../../app/views/training_panel.py" line="51"/>
        <source>Share of the data held out for validation</source>
        <translation>留作验证集的数据比例</translation>
    </message>
    <message>
        <location filename="../../app/views/training_panel.py" line="55"/>
        <source>Early stopping: stop after this many epochs without a better validation loss</source>
        <translation>早停：验证损失连续这么多轮没有改善就停止</translation>
    </message>
    <message>
        <location filename="../../app/views/training_panel.py" line="57"/>
        <source>restore the best weights</source>
        <translation>恢复最佳权重</translation>
    </message>
    <message>
        <location filename="../../app/views/training_panel.py" line="60"/>
        <source>data set</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location filename="../../app/views/training_panel.py" line="61"/>
        <source>validation split</source>
        <translation>验证集比例</translation>
    </message>
    <message>
        <location filename="../../app/views/training_panel.py" line="62"/>
        <source>epochs</source>
        <translation>训练轮数</translation>
    </message>
    <message>
        <location filename="../../app/views/training_panel.py" line="63"/>
        <source>stop at loss</source>
        <translation>损失达到时停止</translation>
    </message>
    <message>
        <location filename="../../app/views/training_panel.py" line="64"/>
        <source>stop at accuracy</source>
        <translation>准确率达到时停止</translation>
    </message>
    <message>
        <location filename="../../app/views/training_panel.py" line="65"/>
        <source>early stopping (epochs)</source>
        <translation>早停（轮）</translation>
    </message>
    <message>
        <location filename="../../app/views/training_panel.py" line="87"/>
        <location filename="../../app/views/training_panel.py" line="160"/>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <location filename="../../app/views/training_panel.py" line="94"/>
        <source>Step batch</source>
        <translation>训练一个批次</translation>
    </message>
    <message>
        <location filename="../../app/views/training_panel.py" line="95"/>
        <source>Step epoch</source>
        <translation>训练一轮</translation>
    </message>
    <message>
        <location filename="../../app/views/training_panel.py" line="96"/>
        <source>Reset weights</source>
        <translation>重置权重</translation>
    </message>
    <message>
        <location filename="../../app/views/training_panel.py" line="97"/>
        <source>New weights</source>
        <translation>重新初始化权重</translation>
    </message>
    <message>
        <location filename="../../app/views/training_panel.py" line="103"/>
        <source>not trained yet</source>
        <translation>尚未训练</translation>
    </message>
    <message>
        <location filename="../../app/views/training_panel.py" line="160"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../app/views/training_panel.py" line="174"/>
        <source>epoch %s done, %s steps</source>
        <translation>第 %s 轮完成，共 %s 步</translation>
    </message>
    <message>
        <location filename="../../app/views/training_panel.py" line="176"/>
        <source>epoch %s, step %s/%s</source>
        <translation>第 %s 轮，第 %s/%s 步</translation>
    </message>
    <message>
        <location filename="../../app/views/training_panel.py" line="179"/>
        <source> - loss %.4f, accuracy %.3f</source>
        <translation>，损失 %.4f，准确率 %.3f</translation>
    </message>
    <message>
        <location filename="../../app/views/training_panel.py" line="183"/>
        <source>validation: loss %.4f, accuracy %.3f</source>
        <translation>验证：损失 %.4f，准确率 %.3f</translation>
    </message>
</context>
<context>
    <name>_PaddingEdit</name>
    <message>
        <location filename="../../app/builder/param_editors.py" line="141"/>
        <source>pixels</source>
        <translation>像素</translation>
    </message>
</context>
</TS>
