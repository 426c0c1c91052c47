"""Rendering helpers that work on a body's HTML."""

from __future__ import annotations

from hooks.render import TABLE_REGION, scrollable_tables


def test_each_outermost_table_scrolls_in_a_box_the_keyboard_reaches():
    body = "<p>Kết quả:</p>\n<table>\n<tr><td><table><tr><td>x</td></tr></table></td></tr>\n</table>\n<table class='a'></table>"
    wrapped = scrollable_tables(body)
    assert wrapped.count(TABLE_REGION) == 2  # the inner table scrolls with its outer one
    assert wrapped.startswith("<p>Kết quả:</p>\n" + TABLE_REGION + "<table>")
    assert wrapped.endswith("</table></div>\n" + TABLE_REGION + "<table class='a'></table></div>")
    assert 'tabindex="0"' in TABLE_REGION and 'role="region"' in TABLE_REGION


def test_unbalanced_tables_keep_the_page_whole():
    assert scrollable_tables("<table><tr><td>chưa đóng") == TABLE_REGION + "<table><tr><td>chưa đóng</div>"
    assert scrollable_tables("</table><p>thừa</p>") == "</table><p>thừa</p>"
    assert scrollable_tables("<p>&lt;table&gt; trong mã</p>") == "<p>&lt;table&gt; trong mã</p>"
