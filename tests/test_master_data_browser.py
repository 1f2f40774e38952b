"""Go-live in the real web client: the data steward approves a new product,
and the retail administrator checks the demo's opening-balance sample file
and sees its errors, nothing written. Screenshots in tests/artifacts/."""
import os

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from test_browser import _assert_clean_page, _login, browser  # noqa: F401 (fixture)
from test_governance_xmlrpc import Client

pytestmark = pytest.mark.browser

SAMPLE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                      'addons', 'retail_demo', 'data', 'opening_balances_sample.csv')
# The errors the sample file holds on purpose (tests/test_opening_balance_sample.py).
SAMPLE_ERRORS = 7


def _screenshot(driver, artifacts_dir, name):
    driver.save_screenshot(os.path.join(artifacts_dir, '%s.png' % name))


@pytest.fixture
def pending_product(odoo_server):
    """A product the retail administrator created with the approval on."""
    admin = Client(odoo_server, 'admin', 'admin')
    company_id = admin('res.users', 'read', [admin.uid], ['company_id'])[0]['company_id'][0]
    admin('res.company', 'write', [company_id], {'retail_master_data_approval': True})
    try:
        template_id = Client(odoo_server, 'retail_admin')('product.template', 'create', {
            'name': 'Browser Cold Brew 250ml', 'type': 'product',
            'default_code': 'BROWSER-COLD-BREW'})
    finally:
        admin('res.company', 'write', [company_id], {'retail_master_data_approval': False})
    yield admin, template_id
    admin('product.template', 'write', [template_id], {'active': False})


def test_steward_approves_new_product(odoo_server, browser, artifacts_dir,  # noqa: F811
                                      pending_product):
    admin, template_id = pending_product
    log_start = odoo_server.log_offset()
    wait = _login(browser, odoo_server, 'data_steward', 'retail')
    browser.get(odoo_server.url + '/web#action='
                'retail_governance.retail_master_data_change_action')
    row = wait.until(EC.element_to_be_clickable((
        By.XPATH, "//tr[contains(@class, 'o_data_row')]"
                  "[contains(., 'Browser Cold Brew 250ml')]")))
    assert 'Waiting for Approval' in row.text
    row.click()
    approve = wait.until(EC.element_to_be_clickable((
        By.XPATH, "//div[contains(@class, 'o_statusbar_buttons')]"
                  "/button[contains(., 'Approve')]")))
    assert 'New Product' in browser.find_element(By.CSS_SELECTOR, '.o_form_view').text
    _screenshot(browser, artifacts_dir, 'master_data_steward_before_approval')
    approve.click()
    wait.until(EC.text_to_be_present_in_element(
        (By.CSS_SELECTOR, '.o_statusbar_status .btn-primary'), 'Approved'))
    _screenshot(browser, artifacts_dir, 'master_data_steward_approved')
    state = admin('product.template', 'read', [template_id], ['retail_approval_state'])
    assert state[0]['retail_approval_state'] == 'approved'
    _assert_clean_page(browser, odoo_server)
    assert not odoo_server.log_errors(since=log_start)


def test_admin_checks_sample_opening_balances(odoo_server, browser,  # noqa: F811
                                              artifacts_dir):
    admin = Client(odoo_server, 'admin', 'admin')
    inventories = admin('stock.inventory', 'search_count', [])
    log_start = odoo_server.log_offset()
    wait = _login(browser, odoo_server, 'retail_admin', 'retail')
    browser.get(odoo_server.url + '/web#action='
                'retail_inventory_harmonization.retail_opening_balance_action')
    wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, '.o_list_button_add'))).click()
    upload = wait.until(EC.presence_of_element_located((
        By.CSS_SELECTOR, '.o_form_view input.o_input_file')))
    upload.send_keys(SAMPLE)
    wait.until(EC.text_to_be_present_in_element_value(
        (By.CSS_SELECTOR, '.o_form_view .o_field_binary_file input.o_input'),
        'opening_balances_sample.csv'))
    browser.find_element(By.CSS_SELECTOR, 'button.o_retail_opening_check').click()
    wait.until(EC.text_to_be_present_in_element(
        (By.CSS_SELECTOR, '.o_statusbar_status .btn-primary'), 'Errors'))
    rows = wait.until(EC.presence_of_all_elements_located((
        By.CSS_SELECTOR, '.o_notebook .tab-pane.active .o_data_row')))
    _screenshot(browser, artifacts_dir, 'opening_balance_sample_errors')
    assert len(rows) == SAMPLE_ERRORS, [row.text for row in rows]
    assert all(row.text.split()[0].isdigit() for row in rows), [row.text for row in rows]
    assert admin('stock.inventory', 'search_count', []) == inventories
    _assert_clean_page(browser, odoo_server)
    assert not odoo_server.log_errors(since=log_start)
