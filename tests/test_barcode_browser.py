"""The Barcode app in the real web client (headless Chromium), scanned with a
keyboard-emulated scanner: the characters of a barcode typed fast, then Enter.
The transfers made here end received or closed; the count's adjustment is
reset to draft."""
import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

from test_browser import _assert_clean_page, _login, browser  # noqa: F401 (fixture)
from test_governance_xmlrpc import Client
from test_transfer_xmlrpc import _request, _scan, _transfer

pytestmark = pytest.mark.browser

MESSAGE = '.o_retail_barcode_message:not(.o_invisible_modifier)'


@pytest.fixture(scope='module')
def products(odoo_server):
    """Three products the DC has plenty of, with their barcodes."""
    planner = Client(odoo_server, 'planner')
    dc = planner('stock.warehouse', 'search', [('code', '=', 'DC')])[0]
    balances = planner('retail.stock.balance', 'search_read', [
        ('warehouse_id', '=', dc), ('available_to_sell_qty', '>=', 30)],
        fields=['product_id'], limit=3, order='product_id')
    return planner('product.product', 'read', [b['product_id'][0] for b in balances],
                   ['barcode', 'display_name'])


def _open_barcode(driver, wait, menu):
    """The Barcode app from the main menu (it opens on Receive), then one of
    its operations; scans go to the form shown last."""
    editable = (By.CSS_SELECTOR, '.o_form_view.o_form_editable')
    wait.until(EC.element_to_be_clickable((
        By.CSS_SELECTOR,
        'a[data-menu-xmlid="retail_inventory_harmonization.menu_retail_barcode_root"]'))).click()
    form = wait.until(EC.presence_of_element_located(editable))
    if menu != 'menu_retail_barcode_receive':
        wait.until(EC.element_to_be_clickable((
            By.CSS_SELECTOR,
            'a[data-menu-xmlid="retail_inventory_harmonization.%s"]' % menu))).click()
        wait.until(EC.staleness_of(form))
        wait.until(EC.presence_of_element_located(editable))


def _scanner(driver, wait, barcode, expect):
    """Types ``barcode`` then Enter outside any input, as a scanner does, and
    waits for the app's answer to contain ``expect``."""
    driver.execute_script('document.activeElement && document.activeElement.blur();')
    ActionChains(driver).send_keys(barcode + Keys.ENTER).perform()

    def answered(d):
        try:
            return any(expect in el.text for el in d.find_elements(By.CSS_SELECTOR, MESSAGE))
        except StaleElementReferenceException:
            return False  # the form re-rendered between finding and reading: look again

    wait.until(answered)


def _confirm(driver, wait):
    driver.find_element(By.CSS_SELECTOR, 'button.o_retail_barcode_confirm').click()
    wait.until(EC.presence_of_element_located((
        By.CSS_SELECTOR, '.o_statusbar_status button.btn-primary[data-value="done"]')))


def test_clerk_receives_short_by_scanning(odoo_server, browser, products):  # noqa: F811
    """The store clerk receives a transfer by scanning three products, one short:
    the transfer shows the discrepancy."""
    manager = Client(odoo_server, 'store_manager')
    dc_operator = Client(odoo_server, 'dc_operator')
    dc, s001 = (manager('stock.warehouse', 'search', [('code', '=', c)])[0]
                for c in ('DC', 'S001'))
    emergency_id = manager('retail.emergency.transfer', 'create', {
        'source_warehouse_id': dc, 'dest_warehouse_id': s001,
        'line_ids': [(0, 0, {'product_id': p['id'], 'product_qty': 2}) for p in products]})
    manager('retail.emergency.transfer', 'action_submit', [emergency_id])
    transfer = _transfer(manager, emergency_id)
    barcodes = [p['barcode'] for p in products]
    session_id, results = _scan(dc_operator, 'ship', transfer['name'],
                                *[b for b in barcodes for _i in range(2)])
    dc_operator('retail.barcode.session', 'action_confirm', [session_id])

    wait = _login(browser, odoo_server, 'store_clerk', 'retail')
    _open_barcode(browser, wait, 'menu_retail_barcode_receive')
    _scanner(browser, wait, transfer['name'], 'scan the products')
    _scanner(browser, wait, barcodes[0], '1.0 of 2.0')
    _scanner(browser, wait, barcodes[0], '2.0 of 2.0')
    _scanner(browser, wait, barcodes[1], '1.0 of 2.0')
    _scanner(browser, wait, barcodes[1], '2.0 of 2.0')
    _scanner(browser, wait, barcodes[2], '1.0 of 2.0')
    _scanner(browser, wait, '0000000000000', 'Unknown barcode')
    _confirm(browser, wait)
    wait.until(EC.element_to_be_clickable((
        By.CSS_SELECTOR, 'button.o_retail_barcode_open_transfer'))).click()
    wait.until(EC.presence_of_element_located((
        By.CSS_SELECTOR, '.o_statusbar_status button.btn-primary[data-value="discrepancy"]')))
    rows = browser.find_elements(By.CSS_SELECTOR, '.o_list_view tbody tr.text-danger')
    assert any(products[2]['display_name'] in row.text and 'Short' in row.text for row in rows)
    browser.save_screenshot(odoo_server.logfile.replace('.log', '-barcode-receive.png'))
    _assert_clean_page(browser, odoo_server)
    assert _transfer(manager, emergency_id)['state'] == 'discrepancy'
    # Found: the last unit arrives after all; the transfer closes.
    manager('retail.transfer', 'action_resolve_found', [transfer['id']])
    session_id, _results = _scan(manager, 'receive', transfer['name'], barcodes[2])
    manager('retail.barcode.session', 'action_confirm', [session_id])
    assert _transfer(manager, emergency_id)['state'] == 'closed'


def test_clerk_counts_blind(odoo_server, browser, products):  # noqa: F811
    """The clerk counts a location blind by scanning; the count lands in an
    adjustment under the approval rules."""
    wait = _login(browser, odoo_server, 'store_clerk', 'retail')
    _open_barcode(browser, wait, 'menu_retail_barcode_count')
    _scanner(browser, wait, 'S001/Stock', 'blind count')
    _scanner(browser, wait, products[0]['barcode'], '1.0 counted')
    _scanner(browser, wait, products[0]['barcode'], '2.0 counted')
    headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, '.o_list_view th')]
    assert 'Scanned' in headers and 'Expected' not in headers, headers
    _confirm(browser, wait)
    _assert_clean_page(browser, odoo_server)
    clerk = Client(odoo_server, 'store_clerk')
    session = clerk('retail.barcode.session', 'search_read', [('operation', '=', 'count')],
                    fields=['inventory_id'], limit=1)[0]
    inventory_id = session['inventory_id'][0]
    controller = Client(odoo_server, 'inventory_controller')
    inventory = controller('stock.inventory', 'read', [inventory_id], [
        'state', 'line_ids', 'retail_required_tiers', 'review_ids'])[0]
    line = controller('stock.inventory.line', 'read', inventory['line_ids'], [
        'product_qty', 'retail_reason_id'])[0]
    try:
        assert inventory['state'] == 'confirm'
        assert line['product_qty'] == 2.0
        # Beyond tolerance it waits for its approvals; within, for validation.
        assert bool(inventory['review_ids']) == bool(inventory['retail_required_tiers'])
    finally:
        controller('stock.inventory', 'write', [inventory_id],
                   {'line_ids': [(5,)], 'state': 'draft'})


def test_dc_operator_ships_by_scanning(odoo_server, browser, products):  # noqa: F811
    """The DC operator ships a transfer by scanning: it is in transit."""
    manager = Client(odoo_server, 'store_manager')
    dc, s002 = (manager('stock.warehouse', 'search', [('code', '=', c)])[0]
                for c in ('DC', 'S002'))
    emergency_id = _request(manager, dc, s002, products[1]['id'], 2)
    transfer = _transfer(manager, emergency_id)
    wait = _login(browser, odoo_server, 'dc_operator', 'retail')
    _open_barcode(browser, wait, 'menu_retail_barcode_ship')
    _scanner(browser, wait, transfer['name'], 'scan the products')
    _scanner(browser, wait, products[1]['barcode'], '1.0 of 2.0')
    _scanner(browser, wait, products[1]['barcode'], '2.0 of 2.0')
    _confirm(browser, wait)
    _assert_clean_page(browser, odoo_server)
    assert _transfer(manager, emergency_id)['state'] == 'shipped'
    session_id, _results = _scan(manager, 'receive', transfer['name'],
                                 products[1]['barcode'], products[1]['barcode'])
    manager('retail.barcode.session', 'action_confirm', [session_id])
    assert _transfer(manager, emergency_id)['state'] == 'received'
