"""Every key of the editor in one table: F1 help and the README both show it."""

from __future__ import annotations

__all__ = ["KEYS"]

KEYS: tuple[tuple[str, str], ...] = (
    ("Tab / Enter", "下一个字段（最后一个字段之后进入下一节）"),
    ("Shift+Tab", "上一个字段"),
    ("F6 / Ctrl+PgDn", "下一节"),
    ("F5 / Ctrl+PgUp", "上一节"),
    ("Ctrl+P", "命令面板：跳转到任一节或字段，保存、导出、检查"),
    ("F8", "检查结果（Enter 跳转到字段，Esc 返回）"),
    ("Ctrl+S", "保存（原子写入，保留 .bak）"),
    ("Ctrl+E", "导出（.toml、.md 等，与 jixiao export 相同）"),
    ("Ctrl+Q", "退出（有未保存修改时询问 保存/不保存/取消）"),
    ("Enter / F2", "附件2 绩效指标：编辑光标所在行"),
    ("Insert / Delete", "附件2 绩效指标：新增 / 删除一行（删除前确认）"),
    ("Alt+↑ / Alt+↓", "上移 / 下移光标所在的指标、条目"),
    ("Ctrl+N / Ctrl+D", "列表（单位职能、问题、措施，附件1 专项、其他项目支出）：新增 / 删除一条"),
    ("F4", "在 $EDITOR 中编辑当前长文本（保存退出后带回）"),
    ("Esc", "从字段回到左侧节列表；关闭对话框"),
    ("F1", "本帮助"),
)
