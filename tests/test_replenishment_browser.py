"""The planner's replenishment screens in the real web client (headless Chromium)."""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from test_browser import _assert_clean_page, _login, browser  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser


def test_planner_sees_proposed_vs_applied_by_cluster(odoo_server, browser):  # noqa: F811
    """The pivot of proposed vs applied min/max shows the three demo clusters."""
    wait = _login(browser, odoo_server, 'planner', 'retail')
    browser.get(odoo_server.url + '/web#action='
                'retail_replenishment.stock_warehouse_orderpoint_action_analysis')
    wait.until(EC.text_to_be_present_in_element(
        (By.CSS_SELECTOR, '.o_control_panel .breadcrumb'), 'Proposed vs Applied'))
    headers = wait.until(EC.presence_of_all_elements_located(
        (By.CSS_SELECTOR, '.o_pivot tbody .o_pivot_header_cell_closed')))
    names = [header.text.strip() for header in headers]
    assert {'Urban small format', 'Suburban large format', 'Outlet'} <= set(names), names
    assert 'Proposed Minimum' in browser.find_element(By.CSS_SELECTOR, '.o_pivot').text
    _assert_clean_page(browser, odoo_server)


def test_planner_opens_cluster_with_policies(odoo_server, browser):  # noqa: F811
    """A cluster's form shows its replenishment settings, policies and the compute button."""
    wait = _login(browser, odoo_server, 'planner', 'retail')
    browser.get(odoo_server.url + '/web#action=retail_replenishment.retail_store_cluster_action')
    row = wait.until(EC.element_to_be_clickable((
        By.XPATH, "//td[contains(., 'Urban small format')]")))
    row.click()
    wait.until(EC.presence_of_element_located(
        (By.XPATH, "//button[contains(., 'Compute min/max')]")))
    form = browser.find_element(By.CSS_SELECTOR, '.o_form_view').text
    for label in ('Supplying DC', 'DC-to-Store Lead Time', 'Review Period', 'Planner',
                  'Urban small format: Electronics'):
        assert label in form, label
    _assert_clean_page(browser, odoo_server)
