"""Every key of the editor in one table: F1 help and the README both show it."""

from __future__ import annotations

__all__ = ["KEYS"]

KEYS: tuple[tuple[str, str], ...] = (
    ("Tab / Enter", "下一个字段（最后一个字段之后进入下一节）；长文本中 Enter 换行"),
    ("Shift+Tab", "上一个字段"),
    ("F6 / Ctrl+PgDn", "下一节"),
    ("F5 / Ctrl+PgUp", "上一节"),
    ("Ctrl+P", "命令面板：跳转到任一节、字段、指标或条目，保存、导出、检查"),
    ("F8", "检查结果（Enter 跳转到字段，Esc 返回）"),
    ("Ctrl+S", "保存（先检查文件是否被他人改动；原子写入，保留 .bak）"),
    ("Ctrl+E", "导出（.toml、.md、.xlsx、.docx，与 jixiao export 相同）"),
    ("Ctrl+Z / Ctrl+Y", "撤销 / 重做（字段修改、新增、删除、移动）"),
    ("Ctrl+N / Insert", "新增一条（列表、指标、附件1 专项等；空列表上按 Enter 也可）"),
    ("Ctrl+D / Delete", "删除光标所在的一条（删除前确认；Delete 用于指标表）"),
    ("Alt+↑ / Alt+↓", "上移 / 下移光标所在的条目、指标"),
    ("↑ / ↓", "有目录的列（指标的层级等）：从目录中选择；→ 接受补全"),
    ("Enter", "指标表：编辑光标所在行"),
    ("F4", "在 $EDITOR 中编辑当前长文本（保存退出后带回）"),
    ("Esc", "回到左侧节列表；关闭对话框"),
    ("F1", "本帮助"),
    ("Ctrl+Q", "退出（有未保存修改时询问 保存/不保存/取消）"),
)
