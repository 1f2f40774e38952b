"""The store clerk's fulfilment board in the real web client (headless
Chromium): S001 has a click-and-collect order to hand over; the clerk opens it
from the board, then hands it over in the Barcode app by scanning the order's
number and its goods. Screenshots in tests/artifacts/."""
import os

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from test_barcode_browser import _confirm, _open_barcode, _scanner
from test_browser import _assert_clean_page, _login, browser  # noqa: F401 (fixture)
from test_governance_xmlrpc import Client
from test_omnichannel_xmlrpc import _collect_order, _product

pytestmark = pytest.mark.browser


def _screenshot(driver, artifacts_dir, name):
    driver.save_screenshot(os.path.join(artifacts_dir, '%s.png' % name))


def test_clerk_hands_over_from_the_board(odoo_server, browser, artifacts_dir):  # noqa: F811
    admin = Client(odoo_server, 'admin', 'admin')
    product_id = _product(admin, 'board', {'S001': 5})
    order_id = _collect_order(admin, product_id, 2)
    order = admin('sale.order', 'read', [order_id], ['name', 'retail_collect_state'])[0]
    assert order['retail_collect_state'] == 'ready'
    barcode = admin('product.product', 'read', [product_id], ['barcode'])[0]['barcode']
    log_start = odoo_server.log_offset()

    wait = _login(browser, odoo_server, 'store_clerk', 'retail')
    browser.get(odoo_server.url + '/web#action='
                'retail_stock_status.retail_fulfilment_board_action')
    card = wait.until(EC.presence_of_element_located((
        By.XPATH, "//div[contains(@class, 'o_kanban_record')][contains(., 'S001')]")))
    cards = browser.find_elements(By.CSS_SELECTOR, '.o_kanban_record:not(.o_kanban_ghost)')
    assert len(cards) == 1, [c.text for c in cards]      # the clerk's own store only
    assert 'To Hand Over' in card.text
    _screenshot(browser, artifacts_dir, 'fulfilment_board_clerk')
    card.find_element(By.CSS_SELECTOR, 'a.o_retail_to_hand_over').click()
    row = wait.until(EC.presence_of_element_located((
        By.XPATH, "//tr[contains(@class, 'o_data_row')][contains(., '%s')]" % order['name'])))
    assert 'To Hand Over' in row.text
    _screenshot(browser, artifacts_dir, 'fulfilment_board_to_hand_over')
    _assert_clean_page(browser, odoo_server)

    # the customer is at the counter: scan the order, then the goods
    _open_barcode(browser, wait, 'menu_retail_barcode_collect')
    _scanner(browser, wait, order['name'], 'scan the goods')
    _scanner(browser, wait, barcode, '1.0 of 2.0')
    _scanner(browser, wait, barcode, '2.0 of 2.0')
    _screenshot(browser, artifacts_dir, 'fulfilment_hand_over_scanned')
    _confirm(browser, wait)
    _screenshot(browser, artifacts_dir, 'fulfilment_hand_over_done')
    _assert_clean_page(browser, odoo_server)
    collected = admin('sale.order', 'read', [order_id], ['retail_collect_state'])[0]
    assert collected['retail_collect_state'] == 'collected'
    assert not odoo_server.log_errors(since=log_start)
